"""One notification as a mail: Dutch plain text with an HTML alternative, absolute links to
the product, and a signed link (also as List-Unsubscribe header) that stops this kind of mail."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import selectors
from notifications.models import DIGEST_HOUR, Kind, Notification
from notifications.tokens import unsubscribe_token
from prioritisation.selectors import round_participation, round_results_refusal


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _round_context(notification: Notification) -> dict:
    the_round = notification.subject
    participation = round_participation(round=the_round)
    return {
        "round": the_round,
        "closes_at": timezone.localtime(the_round.closes_at) if the_round.closes_at else None,
        "ballot_url": absolute(reverse("prioritisation:ballot", kwargs={"pk": the_round.pk})),
        # The results link only where the round's rules let this person see them.
        "results_url": None
        if round_results_refusal(round=the_round, user=notification.recipient)
        else absolute(the_round.get_absolute_url()),
        "participation": participation,
        "turnout": round(100 * participation.rate) if participation.rate is not None else None,
    }


def _subject(notification: Notification, context: dict) -> str:
    kind = notification.kind
    if kind == Kind.DIGEST:
        return _("What changed in %(scope)s: week of %(date)s") % {
            "scope": context["changes"].scope.label,
            "date": timezone.localtime(context["changes"].until).strftime("%d-%m-%Y"),
        }
    if kind == Kind.COMMENT:
        return _("New comment from %(name)s on %(page)s") % {
            "name": context["author_name"],
            "page": context["page"],
        }
    names = {"round": context["round"].name}
    if kind == Kind.ROUND_OPENED:
        return _("New prioritisation round: %(round)s") % names
    if kind == Kind.ROUND_REMINDER:
        return _("Reminder: %(round)s closes soon and you have not voted yet") % names
    return _("Round closed: %(round)s") % names


def _digest_context(notification: Notification) -> dict:
    key, since, until = _digest_week(notification.key)
    user = notification.recipient
    changes = selectors.changes_between(
        user=user,
        since=since,
        until=until,
        scope=selectors.scope_of(preferences=selectors.preferences_for(user=user)),
        deadlines=True,
    )
    return {"changes": changes}


def _digest_week(key: str) -> tuple[str, datetime.datetime, datetime.datetime]:
    year, week = key.removeprefix("week:").split("-W")
    monday = datetime.date.fromisocalendar(int(year), int(week), 1)
    until = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(DIGEST_HOUR)))
    return key, until - datetime.timedelta(days=7), until


def _comment_context(notification: Notification) -> dict:
    comment = notification.subject
    target = comment.target
    return {
        "comment": comment,
        "author_name": comment.author.get_full_name() or comment.author.get_username(),
        "page": selectors.target_label(target),
        "comment_url": absolute(f"{target.get_absolute_url()}#reactie-{comment.pk}"),
    }


def compose(*, notification: Notification) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        if notification.kind == Kind.DIGEST:
            context = _digest_context(notification)
        elif notification.kind == Kind.COMMENT:
            context = _comment_context(notification)
        else:
            context = _round_context(notification)
        stop_url = absolute(
            reverse(
                "notifications:unsubscribe",
                kwargs={"token": unsubscribe_token(user=notification.recipient, kind=notification.kind)},
            )
        )
        context |= {
            "user": notification.recipient,
            "name": notification.recipient.get_full_name() or notification.recipient.get_username(),
            "site_url": settings.SITE_URL,
            "kind_label": Kind(notification.kind).label,
            "unsubscribe_url": stop_url,
            "settings_url": absolute(reverse("notifications:settings")),
        }
        subject = _subject(notification, context)
        context["subject"] = subject
        template = f"notifications/mail/{notification.kind}"
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            to=[notification.recipient.email],
            headers={
                # RFC 8058: mail programs show their own "unsubscribe" button, which posts here.
                "List-Unsubscribe": f"<{stop_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
