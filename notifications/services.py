"""Writes for notifications: settings, last visits, and planning, claiming and sending mail.

Sending runs in three steps, each safe to run twice or on two servers at once:
1. plan: every mail that is due becomes a Notification row; the unique (kind, recipient,
   key) makes a second planner's insert a no-op.
2. claim: a sender marks a batch of pending rows as its own in one short transaction.
   On PostgreSQL it skips rows another sender has locked (SELECT ... FOR UPDATE SKIP
   LOCKED); everywhere the claim is a conditional UPDATE (only rows still unclaimed), so
   two senders can never both take a row, also on SQLite, where the write transaction
   (BEGIN IMMEDIATE, see settings) already makes claims take turns.
3. send: each claimed row is sent on its own; a failure is logged and recorded, the row
   is released and the next run tries it again, up to MAX_ATTEMPTS times."""

import datetime
import logging
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from comments import registry
from comments.models import Comment, ThreadFollow
from notifications import mail, selectors, tokens
from notifications.models import DIGEST_HOUR, Kind, Notification, Preferences, Visit
from prioritisation.models import Ballot, Round
from prioritisation.selectors import round_voters

logger = logging.getLogger(__name__)

# Rounds that opened or closed, and comments placed, longer ago than this are not mailed
# about any more: a server that was down for a day still catches up, but turning the
# sender on for the first time does not mail about every round in the past.
LOOKBACK = datetime.timedelta(days=7)
MAX_ATTEMPTS = 5
# A claim older than this belongs to a sender that stopped half-way; another may take it over.
CLAIM_TIMEOUT = datetime.timedelta(minutes=30)
BATCH = 200

AGENDA_NOT_IN_REGION = _(
    "This agenda belongs to another region. Choose an agenda of the region you follow, or no region."
)


# ---------------------------------------------------------------- settings and visits


@transaction.atomic
def preferences_update(*, user, **values) -> Preferences:
    preferences = Preferences.objects.select_for_update().filter(user=user).first() or Preferences(user=user)
    for name, value in values.items():
        setattr(preferences, name, value)
    agenda = preferences.agenda
    if agenda is not None and preferences.region_id and agenda.region_id != preferences.region_id:
        raise ValidationError({"agenda": AGENDA_NOT_IN_REGION})
    preferences.full_clean()
    preferences.save()
    return preferences


def unsubscribe(*, token: str) -> tuple[object, str]:
    """Turn off one kind of mail for the person the signed link names; nothing else changes."""
    user, kind = tokens.unsubscribe_read(token=token)
    preferences_update(user=user, **{kind: False})
    return user, kind


def visit_mark(*, user, session, now: datetime.datetime) -> datetime.datetime | None:
    """The moment the home page counts changes from, and remember this visit.

    Within one session the moment stays the same (the end of the previous session's
    visits), so reloading the home page does not empty the list."""
    key = "notifications_changes_since"
    if key in session:
        since = session[key]
        since = datetime.datetime.fromisoformat(since) if since else None
    else:
        since = selectors.last_visit(user=user)
        session[key] = since.isoformat() if since else ""
    # One UPDATE on every later visit; the row is made on the first.
    if not Visit.objects.filter(user=user).update(seen_at=now):
        Visit.objects.get_or_create(user=user, defaults={"seen_at": now})
    return since


# ---------------------------------------------------------------- planning


@dataclass(frozen=True)
class Planned:
    kind: str
    recipient_id: int
    key: str
    subject: models.Model | None = None
    state: str = Notification.State.PENDING


def _wanting(kind: str, user_ids) -> set[int]:
    """Of these users, the active ones with an address who get this kind of mail (defaults included)."""
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    default = Preferences().wants(kind)
    said_no = Q(notification_preferences__isnull=False) & Q(**{f"notification_preferences__{kind}": False})
    said_yes = Q(**{f"notification_preferences__{kind}": True})
    return set(users.filter(~said_no if default else said_yes).values_list("pk", flat=True))


def _plan_rounds(*, now, reminder_days: int) -> list[Planned]:
    planned = []
    recent = now - LOOKBACK
    for round in Round.objects.filter(opens_at__lte=now, opens_at__gte=recent).filter(
        Q(closes_at__isnull=True) | Q(closes_at__gt=now)
    ):
        for user_id in _wanting(Kind.ROUND_OPENED, round_voters(round=round).values("pk")):
            planned.append(Planned(Kind.ROUND_OPENED, user_id, f"round:{round.pk}", round))
    # A round that opened inside the reminder window needs no reminder: its opening mail just went out.
    window = datetime.timedelta(days=reminder_days)
    reminded = Round.objects.filter(opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + window)
    for round in reminded.filter(opens_at__lt=F("closes_at") - window):
        voted = Ballot.objects.filter(round=round).values("member")
        for user_id in _wanting(Kind.ROUND_REMINDER, round_voters(round=round).exclude(pk__in=voted).values("pk")):
            planned.append(Planned(Kind.ROUND_REMINDER, user_id, f"round:{round.pk}", round))
    # Managers: whoever reads the dashboards, where the round's results are shown to them.
    managers = roles.users_with_capability(capability=roles.READ_DASHBOARDS).values("pk")
    for round in Round.objects.filter(closes_at__lte=now, closes_at__gte=recent):
        voters = round_voters(round=round).values("pk")
        audience = get_user_model().objects.filter(Q(pk__in=voters) | Q(pk__in=managers))
        for user_id in _wanting(Kind.ROUND_CLOSED, audience.values("pk")):
            planned.append(Planned(Kind.ROUND_CLOSED, user_id, f"round:{round.pk}", round))
    return planned


def _plan_comments(*, now) -> list[Planned]:
    planned = []
    for comment in Comment.objects.filter(created_at__gte=now - LOOKBACK, created_at__lte=now, hidden_at__isnull=True):
        # Only those who followed before it was written: following a thread does not mail its past.
        followers = ThreadFollow.objects.filter(
            content_type_id=comment.content_type_id, object_id=comment.object_id, created_at__lte=comment.created_at
        ).exclude(user_id=comment.author_id)
        for user_id in _wanting(Kind.COMMENT, followers.values("user_id")):
            planned.append(Planned(Kind.COMMENT, user_id, f"comment:{comment.pk}", comment))
    return planned


def digest_period(*, now: datetime.datetime) -> tuple[str, datetime.datetime, datetime.datetime] | None:
    """This week's summary: its key and the week it covers, once Monday morning has come; else None."""
    local = timezone.localtime(now)
    monday = local.date() - datetime.timedelta(days=local.weekday())
    until = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(DIGEST_HOUR)))
    if local < until:
        return None
    year, week, _day = monday.isocalendar()
    return f"week:{year}-W{week:02d}", until - datetime.timedelta(days=7), until


def _plan_digests(*, now) -> list[Planned]:
    period = digest_period(now=now)
    if period is None:
        return []
    key, since, until = period
    readers = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(pk__in=roles.users_with_capability(capability=roles.READ_DASHBOARDS)),
        notification_preferences__digest=True,
    )
    already = Notification.objects.filter(kind=Kind.DIGEST, key=key).values("recipient")
    planned = []
    for user in readers.exclude(pk__in=already).filter(pk__in=_wanting(Kind.DIGEST, readers.values("pk"))).distinct():
        changes = selectors.changes_between(
            user=user,
            since=since,
            until=until,
            scope=selectors.scope_of(preferences=selectors.preferences_for(user=user)),
            deadlines=True,
        )
        # Nothing is sent when nothing changed; the row remembers that this week was looked at.
        state = Notification.State.SKIPPED if changes.is_empty else Notification.State.PENDING
        planned.append(Planned(Kind.DIGEST, user.pk, key, None, state))
    return planned


def notifications_plan(*, now: datetime.datetime, reminder_days: int) -> int:
    """Record every mail now due that is not recorded yet; returns how many new rows there are."""
    planned = _plan_rounds(now=now, reminder_days=reminder_days) + _plan_comments(now=now) + _plan_digests(now=now)
    rows = [
        Notification(
            kind=p.kind,
            recipient_id=p.recipient_id,
            key=p.key,
            content_type=ContentType.objects.get_for_model(p.subject) if p.subject is not None else None,
            object_id=p.subject.pk if p.subject is not None else None,
            state=p.state,
        )
        for p in planned
    ]
    before = Notification.objects.count()
    # A row another run or server recorded first stays as it is: the unique key ignores ours.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.count() - before


# ---------------------------------------------------------------- claiming and sending


def _claimable(now: datetime.datetime) -> Q:
    return Q(state__in=[Notification.State.PENDING, Notification.State.FAILED], attempts__lt=MAX_ATTEMPTS) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def notifications_claim(
    *, worker: str, now: datetime.datetime, handled: Collection[int] = (), limit: int = BATCH
) -> list[Notification]:
    """Take up to limit due rows for this sender; handled are the rows this run already tried."""
    with transaction.atomic():
        due = Notification.objects.filter(_claimable(now)).exclude(pk__in=handled).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        # Conditional: a row another sender took in the meantime is not taken again.
        Notification.objects.filter(_claimable(now), pk__in=ids).update(claimed_by=worker, claimed_at=now)
    return list(
        Notification.objects.filter(pk__in=ids, claimed_by=worker)
        .select_related("recipient", "content_type")
        .order_by("pk")
    )


def _still_wanted(notification: Notification) -> bool:
    """Things change between planning and sending: a member votes, someone stops a kind of mail."""
    preferences = selectors.preferences_for(user=notification.recipient)
    if not preferences.wants(notification.kind) or not notification.recipient.is_active:
        return False
    if notification.kind == Kind.DIGEST:
        return True
    subject = notification.subject
    if subject is None:  # the round or comment is gone
        return False
    if notification.kind == Kind.ROUND_REMINDER:
        return subject.is_open() and not Ballot.objects.filter(round=subject, member=notification.recipient).exists()
    if notification.kind == Kind.COMMENT:
        return not subject.is_hidden and registry.may_read(user=notification.recipient, target=subject.target)
    return True


def _finish(notification: Notification, *, state: str, error: str = "") -> None:
    fields: dict[str, object] = {"state": state, "claimed_by": "", "claimed_at": None, "last_error": error}
    if state == Notification.State.SENT:
        fields["sent_at"] = timezone.now()
    if state == Notification.State.FAILED:
        fields["attempts"] = notification.attempts + 1
    Notification.objects.filter(pk=notification.pk).update(**fields)


@dataclass
class SendReport:
    planned: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0


def notifications_send(
    *, now: datetime.datetime | None = None, reminder_days: int | None = None, batch_size: int = BATCH
) -> SendReport:
    """Plan what is due and send every pending mail this run can claim."""
    now = now or timezone.now()
    reminder_days = settings.NOTIFY_REMINDER_DAYS if reminder_days is None else reminder_days
    report = SendReport(planned=notifications_plan(now=now, reminder_days=reminder_days))
    worker = uuid.uuid4().hex
    handled: set[int] = set()
    # A failed mail is released at once but waits for the next run, so a server that is
    # down is not hammered MAX_ATTEMPTS times in one go.
    while batch := notifications_claim(worker=worker, now=now, handled=handled, limit=batch_size):
        for notification in batch:
            _send_one(notification, now=now, report=report)
            handled.add(notification.pk)
    return report


def _send_one(notification: Notification, *, now, report: SendReport) -> None:
    if not _still_wanted(notification):
        _finish(notification, state=Notification.State.SKIPPED)
        report.skipped += 1
        return
    try:
        message = mail.compose(notification=notification)
        message.send()
    except Exception as error:  # noqa: BLE001 - one bad mail or server hiccup must not stop the others
        logger.warning(
            "Could not send notification %s (%s to user %s), attempt %s: %s",
            notification.pk,
            notification.kind,
            notification.recipient_id,
            notification.attempts + 1,
            error,
        )
        _finish(notification, state=Notification.State.FAILED, error=str(error)[:2000])
        report.failed += 1
        return
    _finish(notification, state=Notification.State.SENT)
    report.sent += 1
