"""The indicators whose targets the goal texts state."""

from decimal import Decimal
from pathlib import Path

from monitoring.models import Indicator
from seeddata.loader import SeedLoader, seed_file_read
from workagenda.models import OperationalGoal


def indicators_seed_load(loader: SeedLoader, directory: Path) -> None:
    _indicators_load(loader, seed_file_read(directory / "indicators.json"))


def _indicators_load(loader: SeedLoader, data: dict) -> None:
    """The quantitative targets the goal texts state; never baselines or measurements the sources lack."""
    goals = {
        (goal.group.theme.agenda.slug, goal.group.theme.code, goal.group.number, goal.letter): goal
        for goal in OperationalGoal.objects.select_related("group__theme__agenda")
    }
    for item in data["indicators"]:
        goal = goals.get((item["agenda"], item["theme"], item["group"], item["letter"]))
        if goal is None:
            continue
        loader.upsert(
            Indicator,
            {"goal": goal, "name": item["name"]},
            {
                "kind": item["kind"],
                "unit": item["unit"],
                "direction": item["direction"],
                "target_value": Decimal(str(item["target_value"])).quantize(Decimal("0.01")),
                "target_year": item["target_year"],
                "source_text": item["source_text"],
            },
        )
