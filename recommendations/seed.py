"""The ten recommendations and their relations, as the seed states them."""

from pathlib import Path

from recommendations.models import Recommendation, RecommendationRelation
from seeddata.loader import SeedLoader, seed_file_read


def recommendations_seed_load(loader: SeedLoader, directory: Path) -> None:
    _recommendations_load(loader, seed_file_read(directory / "recommendations.json"))


def _recommendations_load(loader: SeedLoader, data: dict) -> None:
    by_number = {}
    for item in data["recommendations"]:
        by_number[item["number"]] = loader.upsert(
            Recommendation,
            {"number": item["number"]},
            {
                "short_title": item["short_title"],
                "lead": item["lead"],
                "text": item["text"],
                "source_document": data["source_document"],
            },
        )
    for relation in data["relations"]:
        source, target = by_number.get(relation["from"]), by_number.get(relation["to"])
        if source is None or target is None:
            continue
        loader.upsert(
            RecommendationRelation,
            {"source": source, "target": target, "kind": relation["kind"]},
            {"explanation": relation.get("explanation", "")},
        )
