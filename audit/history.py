"""The audit trail as people read it: who changed what and when, from which value to which.

django-simple-history records every save and delete of the audited models; this module
names the person behind writes outside a request and turns records into a "Wijzigingen" list."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

CREATED = _("created")
CHANGED = _("changed")
DELETED = _("deleted")
ACTIONS = {"+": CREATED, "~": CHANGED, "-": DELETED}
EMPTY = "–"
NOT_RECORDED = _("not recorded")


def recorded(instance, user):
    """History entries name the person who made the change, also outside a request."""
    instance._history_user = user
    return instance


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    action: str
    subject: str
    fields: list[FieldChange]


def _display(field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return str(_("unknown"))
    return user.get_full_name() or user.get_username()


def _field_changes(record, before, excluded: tuple[str, ...]) -> list[FieldChange]:
    model = record.instance_type
    if before is None:
        # A creation, or the first change of a row that existed before the history did.
        old = EMPTY if record.history_type == "+" else str(NOT_RECORDED)
        return [
            FieldChange(str(field.verbose_name), old, _display(field, getattr(record, field.attname)))
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in excluded and getattr(record, field.attname) not in (None, "")
        ]
    delta = record.diff_against(before, excluded_fields=list(excluded))
    return [
        FieldChange(str(field.verbose_name), _display(field, change.old), _display(field, change.new))
        for change in delta.changes
        if (field := model._meta.get_field(change.field))
    ]


def change_list(
    *, records: Iterable, subject: Callable[[object], str] = lambda record: "", excluded: tuple[str, ...] = ()
) -> list[Change]:
    """Newest first. records are the historical rows of one or more objects, already fetched
    (with select_related("history_user")); each is compared with the same object's previous
    record in memory, so the list costs no queries beyond fetching them."""
    ordered = sorted(records, key=lambda record: (record.history_date, record.history_id))
    previous: dict[tuple[type, object], object] = {}
    changes = []
    for record in ordered:
        key = (record.instance_type, getattr(record, record.instance_type._meta.pk.attname))
        before = previous.get(key)
        fields = [] if record.history_type == "-" else _field_changes(record, before, excluded)
        if record.history_type != "~" or fields:
            changes.append(
                Change(
                    when=record.history_date,
                    who=_who(record),
                    action=str(ACTIONS[record.history_type]),
                    subject=subject(record),
                    fields=fields,
                )
            )
        previous[key] = record
    return changes[::-1]
