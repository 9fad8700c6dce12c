"""The work agendas with their themes, goal groups and operational goals, and the yearly
agenda items, as the seed states them. Never links: the report's annex lost its checkmarks."""

from pathlib import Path

from regioplan.models import Region, RegionalPlan
from seeddata.loader import SeedLoader, seed_file_read
from workagenda.models import Agenda, AgendaItem, GoalGroup, OperationalGoal, Theme
from workagenda.target_years import target_year_from_text


def agendas_seed_load(loader: SeedLoader, directory: Path) -> None:
    for path in sorted((directory / "agendas").glob("*.json")):
        _agenda_load(loader, seed_file_read(path))
    # A goal an earlier seed held by mistake (a measurable agreement seeded as a result) goes.
    loader.retire_gone(OperationalGoal, fields=["text", "approach", "target_year"])
    _agenda_items_load(loader, seed_file_read(directory / "agenda_items.json"))


def _agenda_load(loader: SeedLoader, data: dict) -> None:
    region = Region.objects.filter(slug=data["region"]).first()
    if region is None:
        return
    plan = RegionalPlan.objects.filter(slug=data["plan"]).first() if data.get("plan") else None
    agenda = loader.upsert(
        Agenda,
        {"slug": data["slug"]},
        {
            "region": region,
            "plan": plan,
            "name": data["name"],
            "theme_label": data["theme_label"],
            "description": data.get("description", ""),
            "source_document": data.get("source_document", ""),
        },
    )
    if agenda is None:
        return
    for theme_data in data["themes"]:
        theme = loader.upsert(
            Theme,
            {"agenda": agenda, "number": theme_data["number"]},
            {
                "code": theme_data["code"],
                "name": theme_data["name"],
                "description": theme_data.get("description", ""),
            },
        )
        if theme is None:
            continue
        for group_data in theme_data["groups"]:
            group = loader.upsert(
                GoalGroup,
                {"theme": theme, "number": group_data["number"]},
                {
                    "title": group_data.get("title", ""),
                    "description": group_data.get("description", ""),
                    "approach": group_data.get("approach", ""),
                },
            )
            if group is None:
                continue
            for goal_data in group_data["goals"]:
                target_year = goal_data.get("target_year") or target_year_from_text(goal_data["text"])
                loader.upsert(
                    OperationalGoal,
                    {"group": group, "letter": goal_data["letter"]},
                    {"text": goal_data["text"], "approach": goal_data.get("approach", ""), "target_year": target_year},
                )


def _agenda_items_load(loader: SeedLoader, data: dict) -> None:
    agenda = Agenda.objects.filter(slug=data["agenda"]).first()
    if agenda is None:
        return
    themes = {theme.code: theme for theme in agenda.themes.all()}
    for item in data["items"]:
        theme = themes.get(item["theme"]) if item["theme"] else None
        if item["theme"] and theme is None:
            continue  # users deleted the coalition; its items go with it
        loader.upsert(
            AgendaItem,
            {"agenda": agenda, "theme": theme, "year": item["year"], "position": item["position"]},
            {"text": item["text"]},
        )
