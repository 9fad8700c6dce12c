"""Writes of the report: choosing what it is about, the manager's commentary, and making an
edition (its files), which is skipped when an edition of the same data and words exists."""

import hashlib
import json
import time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.history import recorded
from charts.versions import data_version
from prioritisation.models import Round
from reports import documents
from reports.models import Report, ReportComment, ReportEdition, Section
from reports.selectors import report_comments, report_content
from workagenda.models import Agenda, Theme

ROUND_NOT_CLOSED = _("Choose a closed round: the report shows the results of a round that has ended.")
AGENDA_NOT_IN_REGION = _("The agenda %(agenda)s does not belong to the region %(region)s.")
THEME_NOT_IN_AGENDA = _("The theme %(theme)s does not belong to the agenda %(agenda)s.")
UNKNOWN_SECTION = _("The report has no section %(section)s.")
COMMENT_TOO_LONG = _("Keep the commentary to %(limit)s characters; it is a short note for the meeting.")
COMMENT_LIMIT = 3000


def report_check_choice(*, round: Round, region, agenda: Agenda, theme: Theme | None) -> None:
    """Refuse a choice the report cannot be made of, with the reason in Dutch."""
    errors: dict[str, str | Promise] = {}
    if not round.is_closed():
        errors["round"] = ROUND_NOT_CLOSED
    if agenda.region_id != region.pk:
        errors["agenda"] = AGENDA_NOT_IN_REGION % {"agenda": agenda.name, "region": region.name}
    if theme is not None and theme.agenda_id != agenda.pk:
        errors["theme"] = THEME_NOT_IN_AGENDA % {"theme": theme.name, "agenda": agenda.name}
    if errors:
        raise ValidationError(errors)


def report_open(*, round: Round, region, agenda: Agenda, theme: Theme | None, user) -> Report:
    """The report of this choice: the existing one, so its commentary is found again, or a new one."""
    report_check_choice(round=round, region=region, agenda=agenda, theme=theme)
    existing = Report.objects.filter(round=round, agenda=agenda, theme=theme).first()
    if existing is not None:
        return existing
    report = recorded(Report(round=round, agenda=agenda, theme=theme, created_by=user), user)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Someone else opened the same report a moment earlier: theirs is the one.
        return Report.objects.get(round=round, agenda=agenda, theme=theme)
    return report


@transaction.atomic
def report_comment_save(*, report: Report, section: str, text: str, user) -> ReportComment:
    """Store the commentary of one section; an empty text clears it. Kept in the audit history."""
    if section not in Section.values:
        raise ValidationError({"section": UNKNOWN_SECTION % {"section": section}})
    text = text.strip()
    if len(text) > COMMENT_LIMIT:
        raise ValidationError({"text": COMMENT_TOO_LONG % {"limit": COMMENT_LIMIT}})
    comment = ReportComment.objects.select_for_update().filter(report=report, section=section).first()
    if comment is None:
        comment = ReportComment(report=report, section=section)
    comment.text = text
    comment.updated_by = user
    recorded(comment, user)
    comment.full_clean()
    comment.save()
    return comment


def _content_key(report: Report) -> str:
    """What an edition shows besides the data: the commentary (with its authors), the day, the
    language and the layout (templates and stylesheet, which an upgrade may change)."""
    comments = {
        section: [comment.text, comment.updated_by_id]
        for section, comment in sorted(report_comments(report=report).items())
        if comment.text
    }
    shown = {
        "comments": comments,
        "day": timezone.localdate().isoformat(),
        "language": translation.get_language(),
        "layout": documents.layout_version(),
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def edition_stored(*, report: Report) -> ReportEdition | None:
    """An edition made today of the current data and commentary, if there is one: served from storage."""
    return (
        ReportEdition.objects.filter(report=report, data_version=data_version(), content_key=_content_key(report))
        .order_by("-made_at", "-pk")
        .first()
    )


def edition_make(*, report: Report, user) -> tuple[ReportEdition, bool]:
    """The report's edition of the current data: the stored one when nothing changed (False), or a
    new one with its PDF, HTML and XLSX files written to storage and kept (True)."""
    stored = edition_stored(report=report)
    if stored is not None:
        return stored, False
    started = time.perf_counter()
    content = report_content(report=report)
    html = documents.report_html(content)
    files = {
        "pdf": documents.report_pdf(html),
        "html": html.encode("utf-8"),
        "xlsx": documents.report_xlsx(content),
    }
    edition = ReportEdition(
        report=report,
        data_version=content.data_version,
        content_key=_content_key(report),
        made_by=user,
        seconds=round(time.perf_counter() - started, 2),
    )
    stem = f"rapport-{report.agenda.slug}-{timezone.now():%Y%m%d-%H%M%S}"
    written = []
    try:
        with transaction.atomic():
            for fmt, data in files.items():
                field = getattr(edition, fmt)
                field.save(f"{stem}.{fmt}", ContentFile(data), save=False)
                written.append(field)
            edition.full_clean()
            edition.save()
    except Exception:
        # The files are written before the row; without the row nothing lists or serves them.
        for field in written:
            field.storage.delete(field.name)
        raise
    return edition, True
