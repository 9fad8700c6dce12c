"""Writes for shared views: publishing, revoking and counting openings."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prioritisation.models import Round
from sharing.models import SharedView
from workagenda.selectors import GoalScope

ROUND_REQUIRED = _("Choose the prioritisation round whose priorities the view shows.")
ROUND_NOT_CLOSED = _("Choose a closed round: partners see only final results.")
EXPIRY_IN_THE_PAST = _("Choose a date after today, or leave it empty for a link without an end date.")
ALREADY_REVOKED = _("This link was already revoked.")


def _end_of(day: datetime.date) -> datetime.datetime:
    """Midnight after the chosen day, in the local time zone: the link works all of that day."""
    next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(next_day)


@transaction.atomic
def shared_view_create(
    *,
    user,
    kind: str,
    scope: GoalScope,
    round: Round | None = None,
    expires_on: datetime.date | None = None,
) -> SharedView:
    errors = {}
    if kind == SharedView.Kind.PRIORITY:
        if round is None:
            errors["round"] = ROUND_REQUIRED
        elif not round.is_closed():
            errors["round"] = ROUND_NOT_CLOSED
    else:
        round = None  # only the priority view shows a round
    if expires_on is not None and expires_on <= timezone.localdate():
        errors["expires_on"] = EXPIRY_IN_THE_PAST
    if errors:
        raise ValidationError(errors)
    view = SharedView(
        # 32 random bytes: a link nobody can guess or enumerate.
        key=secrets.token_urlsafe(32),
        kind=kind,
        region=scope.region,
        agenda=scope.agenda,
        theme=scope.theme,
        target_year=scope.target_year,
        round=round,
        created_by=user,
        expires_at=_end_of(expires_on) if expires_on else None,
    )
    view.full_clean()
    view.save()
    return view


@transaction.atomic
def shared_view_revoke(*, shared_view: SharedView, user) -> SharedView:
    if shared_view.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED)
    shared_view.revoked_at = timezone.now()
    shared_view.save(update_fields=["revoked_at"])
    return shared_view


def shared_view_record_open(*, shared_view: SharedView) -> None:
    """Count one opening; an UPDATE with F() so that two partners opening at once both count."""
    now = timezone.now()
    SharedView.objects.filter(pk=shared_view.pk).update(open_count=F("open_count") + 1, last_opened_at=now)
