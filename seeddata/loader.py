"""What every part of the seed shares while it loads: finding, creating and updating
objects by natural key, and remembering what was loaded."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from seeddata.models import SeedRecord

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
KEPT_USER_CHANGES = "kept_user_changes"
KEPT_DELETED = "kept_deleted"
REMOVED = "removed"
KEPT_IN_USE = "kept_in_use"


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
        self.seen: set[tuple[str, str]] = set()

    def upsert(self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> models.Model | None:
        """Create or update one object; None when users deleted it since it was seeded."""
        label = model._meta.label
        key = json.dumps(_comparable(lookup), sort_keys=True, default=str)
        self.seen.add((label, key))
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

    def retire_gone(self, model: type[models.Model], *, fields: list[str]) -> None:
        """Remove the objects of model an earlier seed loaded and this load no longer has (a goal
        the seed once held by mistake), as long as users neither changed (fields) nor used them."""
        label = model._meta.label
        for (record_label, key), record in list(self.records.items()):
            if record_label != label or (label, key) in self.seen:
                continue
            instance = model.objects.filter(**json.loads(key)).first()
            if instance is None:
                continue
            if record.fingerprint not in _fingerprints(_current_values(instance, fields)):
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


def seed_file_read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)
