import base64
import hashlib
import re

from csp.constants import NONE
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import MAKE_REPORTS, role_required
from reports import selectors, services
from reports.forms import CommentForm, ReportForm
from reports.models import Report, ReportEdition, Section

REPORT_NOT_FOUND = gettext_lazy("This report does not exist.")
EDITION_NOT_FOUND = gettext_lazy("This edition of a report does not exist.")
EDITION_MADE = gettext_lazy("The report has been made in %(seconds)s seconds.")
EDITION_FROM_STORAGE = gettext_lazy(
    "Nothing has changed since the edition of %(when)s: that kept edition is the report."
)
COMMENT_SAVED = gettext_lazy("The commentary has been saved. Make the report again to include it.")
EDITIONS_PER_PAGE = 20
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
STYLE_ELEMENT = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


def _report_or_404(pk: int) -> Report:
    try:
        return selectors.report_get(pk=pk)
    except Report.DoesNotExist:
        raise Http404(REPORT_NOT_FOUND) from None


def _made_message(request, edition: ReportEdition, made: bool) -> None:
    if made:
        messages.success(request, EDITION_MADE % {"seconds": f"{edition.seconds:.1f}".replace(".", ",")})
    else:
        when = edition.made_at.astimezone().strftime("%d-%m-%Y %H:%M")
        messages.info(request, EDITION_FROM_STORAGE % {"when": when})


@role_required(MAKE_REPORTS)
@require_http_methods(["GET", "POST"])
def index(request):
    """Choose what the report is about and make it; below, every kept edition to download."""
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.report_open(**form.cleaned_data, user=request.user)
            except ValidationError as error:
                for field, field_messages in error.message_dict.items():
                    form.add_error(field, field_messages)
            else:
                edition, made = services.edition_make(report=report, user=request.user)
                _made_message(request, edition, made)
                return redirect(report)
        status = 400
    page = Paginator(selectors.edition_list(), EDITIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/index.html", {"form": form, "editions": page, "page_obj": page}, status=status)


@role_required(MAKE_REPORTS)
@require_GET
def detail(request, pk: int):
    report = _report_or_404(pk)
    comments = selectors.report_comments(report=report)
    forms = []
    for section, label in Section.choices:
        if section == Section.FOCUS and not report.theme_id:
            continue
        existing = comments.get(section)
        form = CommentForm(initial={"section": section, "text": existing.text if existing else ""}, prefix=section)
        form.fields["text"].label = _("Commentary on %(section)s") % {"section": label.lower()}
        forms.append((label, existing, form))
    page = Paginator(selectors.edition_list(report=report), EDITIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "comment_forms": forms,
            "editions": page,
            "page_obj": page,
            "stored": services.edition_stored(report=report),
        },
    )


@role_required(MAKE_REPORTS)
@require_POST
def comment(request, pk: int):
    report = _report_or_404(pk)
    section = request.POST.get("section", "")
    form = CommentForm(request.POST, prefix=section)
    if form.is_valid():
        try:
            services.report_comment_save(
                report=report, section=form.cleaned_data["section"], text=form.cleaned_data["text"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, COMMENT_SAVED)
            return redirect(f"{report.get_absolute_url()}#commentaar-{section}")
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(report)


@role_required(MAKE_REPORTS)
@require_POST
def make(request, pk: int):
    report = _report_or_404(pk)
    edition, made = services.edition_make(report=report, user=request.user)
    _made_message(request, edition, made)
    return redirect(report)


def _style_hash(content: bytes) -> str:
    """The CSP source that admits exactly the stored report's own stylesheet, and nothing else inline."""
    match = STYLE_ELEMENT.search(content)
    digest = hashlib.sha256(match.group(1) if match else b"").digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@role_required(MAKE_REPORTS)
@require_GET
def download(request, pk: int, fmt: str):
    try:
        edition = selectors.edition_get(pk=pk)
    except ReportEdition.DoesNotExist:
        raise Http404(EDITION_NOT_FOUND) from None
    stored = getattr(edition, fmt)
    filename = f"{stored.name.rsplit('/', 1)[-1]}"
    if fmt == "html":
        content = stored.read()
        stored.close()
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        # The stored page carries its stylesheet and its charts (as data: images) inside, so it
        # opens and prints the same when saved to disk; it has no scripts.
        return csp_replace({"style-src": [_style_hash(content)], "img-src": ["data:"], "script-src": [NONE]})(
            lambda: response
        )()
    response = FileResponse(stored.open("rb"), content_type=CONTENT_TYPES[fmt])
    disposition = "attachment" if fmt == "xlsx" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
