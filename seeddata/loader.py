"""What every part of the seed shares while it loads: finding, creating and updating
objects by natural key, and remembering what was loaded."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models

from seeddata.models import SeedRecord

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
KEPT_USER_CHANGES = "kept_user_changes"
KEPT_DELETED = "kept_deleted"


@dataclass
class SeedReport:
    outcomes: Counter = field(default_factory=Counter)

    def count(self, outcome: str) -> int:
        return self.outcomes[outcome]

    @property
    def changed_anything(self) -> bool:
        return bool(self.outcomes[CREATED] or self.outcomes[UPDATED])


def _fingerprint(values: dict[str, Any]) -> str:
    payload = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _current_values(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    # The stored value: a related object's id, not the object.
    concrete = {field.name: field.attname for field in instance._meta.concrete_fields}
    return {name: getattr(instance, concrete[name]) for name in fields}


def _comparable(values: dict[str, Any]) -> dict[str, Any]:
    """Seed values as the instance stores them: related objects by their id."""
    return {name: value.pk if isinstance(value, models.Model) else value for name, value in values.items()}


def _validate(instance: models.Model) -> None:
    """Field validation only: related objects come from this load, and the database
    enforces uniqueness, so the queries those checks would make are skipped."""
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


class SeedLoader:
    def __init__(self) -> None:
        self.report = SeedReport()
        self.records = {(r.model, r.natural_key): r for r in SeedRecord.objects.all()}
        self.changed_records: dict[tuple[str, str], SeedRecord] = {}

    def upsert(self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> models.Model | None:
        """Create or update one object; None when users deleted it since it was seeded."""
        label = model._meta.label
        key = json.dumps(_comparable(lookup), sort_keys=True, default=str)
        record = self.records.get((label, key))
        instance = model._default_manager.filter(**lookup).first()
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

        current_fingerprint = _fingerprint(_current_values(instance, list(values)))
        if current_fingerprint == wanted_fingerprint:
            self._remember(label, key, wanted_fingerprint, record)
            self.report.outcomes[UNCHANGED] += 1
            return instance
        if record is None or record.fingerprint != current_fingerprint:
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

    def save_records(self) -> None:
        records = list(self.changed_records.values())
        SeedRecord.objects.bulk_create([record for record in records if record.pk is None])
        SeedRecord.objects.bulk_update([record for record in records if record.pk is not None], ["fingerprint"])


def seed_file_read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)
