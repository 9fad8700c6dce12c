"""What apps above accounts add to the invitation form, without accounts importing them.

An app registers in its AppConfig.ready(). fields() gives its extra form fields; it is asked
each time the form is built, so the fields follow the data (say, the rounds open right now).
apply() writes what the administrator chose, once the new user and their roles are saved and
in the same transaction as the invitation: a failed invitation leaves nothing behind."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class InvitationExtra:
    """capability: what the invitee needs for what these fields offer; ticking one without
    a role that grants it is refused with capability_missing."""

    name: str
    title: str  # the heading of its fields on the form
    fields: Callable[[], dict[str, forms.Field]]
    apply: Callable[..., None]  # apply(*, user, data): data is the whole form's cleaned data
    capability: str | None = None
    capability_missing: str = ""


_extras: dict[str, InvitationExtra] = {}


def invitation_extra_register(
    *,
    name: str,
    title: str,
    fields: Callable[[], dict[str, forms.Field]],
    apply: Callable[..., None],
    capability: str | None = None,
    capability_missing: str = "",
) -> None:
    _extras[name] = InvitationExtra(
        name=name, title=title, fields=fields, apply=apply, capability=capability, capability_missing=capability_missing
    )


def invitation_extras() -> list[InvitationExtra]:
    return list(_extras.values())
