"""The regions, their regional plans and the plans' tasks, as the seed states them."""

from pathlib import Path

from regioplan.models import PlanObjective, Region, RegionalPlan
from seeddata.loader import SeedLoader, seed_file_read


def regions_seed_load(loader: SeedLoader, directory: Path) -> None:
    _regions_load(loader, seed_file_read(directory / "regions.json"))


def _regions_load(loader: SeedLoader, data: dict) -> None:
    regions = {}
    for item in data["regions"]:
        regions[item["slug"]] = loader.upsert(
            Region,
            {"slug": item["slug"]},
            {"name": item["name"], "network": item["network"], "description": item.get("description", "")},
        )
    for item in data["plans"]:
        region = regions.get(item["region"])
        if region is None:
            continue
        plan = loader.upsert(
            RegionalPlan,
            {"slug": item["slug"]},
            {
                "region": region,
                "name": item["name"],
                "kind": item["kind"],
                "period_start": item.get("period_start"),
                "period_end": item.get("period_end"),
                "ambition": item.get("ambition", ""),
                "summary": item.get("summary", ""),
                "source_document": item.get("source_document", ""),
            },
        )
        if plan is None:
            continue
        for objective in item.get("objectives", []):
            loader.upsert(
                PlanObjective,
                {"plan": plan, "kind": objective["kind"], "number": objective["number"]},
                {"title": objective["title"], "description": objective.get("description", "")},
            )
