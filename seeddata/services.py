"""Loads the seed structure from the JSON files in fixtures/seed/.

Loading is idempotent and respects users: each object is found by a natural key,
created when missing, updated only while it still holds exactly what the loader
wrote last time, and otherwise left as users made it."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from monitoring.models import Indicator
from recommendations.models import Recommendation, RecommendationRelation
from regioplan.models import AgendaItem, PlanObjective, Region, RegionalPlan
from seeddata.models import SeedRecord
from workagenda.models import Agenda, GoalGroup, OperationalGoal, Theme
from workagenda.target_years import target_year_from_text

SEED_DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "seed"

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
KEPT_USER_CHANGES = "kept_user_changes"
KEPT_DELETED = "kept_deleted"
REMOVED = "removed"
KEPT_IN_USE = "kept_in_use"
# What an earlier seed had and the current one no longer has is removed, while untouched and
# unused; the operational goals are the part of the seed such corrections concern.
RETIRED_WHEN_GONE = (OperationalGoal,)


@dataclass
class SeedReport:
    outcomes: Counter = field(default_factory=Counter)

    def count(self, outcome: str) -> int:
        return self.outcomes[outcome]

    @property
    def changed_anything(self) -> bool:
        return bool(self.outcomes[CREATED] or self.outcomes[UPDATED] or self.outcomes[REMOVED])


def _fingerprint(values: dict[str, Any]) -> str:
    payload = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _fingerprints(values: dict[str, Any]) -> set[str]:
    """The fingerprints an untouched object may have been recorded with: over all the seeded
    fields, or over those that are not blank, as an older seed without a newer field wrote it."""
    return {_fingerprint(values), _fingerprint({name: value for name, value in values.items() if value != ""})}


def _current_values(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, instance._meta.get_field(name).attname) for name in fields}


def _comparable(values: dict[str, Any]) -> dict[str, Any]:
    """Seed values as the instance stores them: related objects by their id."""
    return {name: value.pk if isinstance(value, models.Model) else value for name, value in values.items()}


def _validate(instance: models.Model) -> None:
    """Field validation only: related objects come from this load, and the database
    enforces uniqueness, so the queries those checks would make are skipped."""
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


class _Loader:
    def __init__(self) -> None:
        self.report = SeedReport()
        self.records = {(r.model, r.natural_key): r for r in SeedRecord.objects.all()}
        self.changed_records: dict[tuple[str, str], SeedRecord] = {}
        self.seen: set[tuple[str, str]] = set()

    def upsert(self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> models.Model | None:
        """Create or update one object; None when users deleted it since it was seeded."""
        label = model._meta.label
        key = json.dumps(_comparable(lookup), sort_keys=True, default=str)
        self.seen.add((label, key))
        record = self.records.get((label, key))
        instance = model.objects.filter(**lookup).first()
        wanted = _comparable(values)
        wanted_fingerprint = _fingerprint(wanted)

        if instance is None:
            if record is not None:
                self.report.outcomes[KEPT_DELETED] += 1
                return None
            instance = model(**lookup, **values)
            _validate(instance)
            instance.save()
            self._remember(label, key, wanted_fingerprint, record)
            self.report.outcomes[CREATED] += 1
            return instance

        current = _current_values(instance, list(values))
        if _fingerprint(current) == wanted_fingerprint:
            self._remember(label, key, wanted_fingerprint, record)
            self.report.outcomes[UNCHANGED] += 1
            return instance
        if record is None or record.fingerprint not in _fingerprints(current):
            self.report.outcomes[KEPT_USER_CHANGES] += 1
            return instance
        for name, value in values.items():
            setattr(instance, name, value)
        _validate(instance)
        instance.save()
        self._remember(label, key, wanted_fingerprint, record)
        self.report.outcomes[UPDATED] += 1
        return instance

    def _remember(self, label: str, key: str, fingerprint: str, record: SeedRecord | None) -> None:
        if record is None:
            record = SeedRecord(model=label, natural_key=key, fingerprint=fingerprint)
            self.records[(label, key)] = record
        elif record.fingerprint == fingerprint:
            return
        record.fingerprint = fingerprint
        self.changed_records[(label, key)] = record

    def retire_gone(self) -> None:
        """Remove what an earlier seed loaded and this one no longer has (a goal the seed once
        held by mistake), as long as users neither changed nor used it; otherwise keep it."""
        for model in RETIRED_WHEN_GONE:
            label = model._meta.label
            for (record_label, key), record in list(self.records.items()):
                if record_label != label or (label, key) in self.seen:
                    continue
                instance = model.objects.filter(**json.loads(key)).first()
                if instance is None:
                    record.delete()
                    continue
                if record.fingerprint not in _fingerprints(_current_values(instance, _SEEDED_FIELDS[model])):
                    self.report.outcomes[KEPT_USER_CHANGES] += 1
                    continue
                try:
                    with transaction.atomic():
                        instance.delete()
                except models.ProtectedError:  # linked, monitored or measured: in use, so kept
                    self.report.outcomes[KEPT_IN_USE] += 1
                    continue
                record.delete()
                self.records.pop((record_label, key))
                self.report.outcomes[REMOVED] += 1

    def save_records(self) -> None:
        records = list(self.changed_records.values())
        SeedRecord.objects.bulk_create([record for record in records if record.pk is None])
        SeedRecord.objects.bulk_update([record for record in records if record.pk is not None], ["fingerprint"])


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _load_recommendations(loader: _Loader, data: dict) -> None:
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


def _load_regions(loader: _Loader, data: dict) -> None:
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


def _load_agenda(loader: _Loader, data: dict) -> None:
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


# The fields the seed sets, per model it may retire: a fingerprint over them tells untouched from changed.
_SEEDED_FIELDS = {OperationalGoal: ["text", "approach", "target_year"]}


def _load_agenda_items(loader: _Loader, data: dict) -> None:
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


def _load_indicators(loader: _Loader, data: dict) -> None:
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


@transaction.atomic
def seed_load(*, directory: Path = SEED_DIRECTORY) -> SeedReport:
    """Load the whole seed; all or nothing."""
    loader = _Loader()
    _load_recommendations(loader, _read(directory / "recommendations.json"))
    _load_regions(loader, _read(directory / "regions.json"))
    for path in sorted((directory / "agendas").glob("*.json")):
        _load_agenda(loader, _read(path))
    _load_agenda_items(loader, _read(directory / "agenda_items.json"))
    _load_indicators(loader, _read(directory / "indicators.json"))
    loader.retire_gone()
    loader.save_records()
    return loader.report
