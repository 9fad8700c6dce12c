"""Publishing read-only dashboards for partners, and the pages those partners open."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import SHARE_DASHBOARDS, role_required
from charts.responses import chart_response
from charts.versions import LINKS, MONITORING, ROUNDS, data_version
from coverage import charts as coverage_charts
from coverage.filters import PriorityCoverageFilter
from coverage.selectors import Reading
from monitoring import charts as monitoring_charts
from monitoring.models import Status
from monitoring.selectors import NO_STATUS
from monitoring.tables import NO_STATUS_LABEL
from seeddata.demo import demo_is_loaded
from sharing import selectors, services
from sharing.forms import SharedViewForm
from sharing.models import SharedView
from workagenda.models import OperationalGoal

PER_PAGE = 25
NOT_AVAILABLE = _("This shared view does not exist, has been revoked or has expired.")


def _scope_filter(request) -> PriorityCoverageFilter:
    return PriorityCoverageFilter(request.POST or None, queryset=OperationalGoal.objects.none(), user=request.user)


@role_required(SHARE_DASHBOARDS)
def share_list(request):
    """The links published so far, and the form to publish a new one."""
    form = SharedViewForm(request.POST or None)
    scope_filter = _scope_filter(request)
    if request.method == "POST":
        scope_valid = scope_filter.form.is_valid()
        if form.is_valid() and scope_valid:
            try:
                shared = services.shared_view_create(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    scope=scope_filter.scope,
                    round=scope_filter.round,
                    expires_on=form.cleaned_data["expires_on"],
                )
            except ValidationError as error:
                _show_errors(form, scope_filter.form, error)
            else:
                messages.success(request, _("The view has been published. Copy its link from the list below."))
                return redirect(f"{reverse('sharing:list')}#gedeeld-{shared.pk}")
    page = Paginator(selectors.shared_view_list(), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"view": view, "scope": selectors.shared_view_scope_label(shared_view=view), "url": _share_url(request, view)}
        for view in page
    ]
    status = 400 if form.errors or scope_filter.form.errors else 200
    return render(
        request,
        "sharing/list.html",
        {"form": form, "filter": scope_filter, "page_obj": page, "rows": rows},
        status=status,
    )


def _show_errors(form, scope_form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        target = scope_form if field == "round" else form
        target.add_error("ronde" if field == "round" else field, messages_)


def _share_url(request, view: SharedView) -> str:
    return request.build_absolute_uri(reverse("sharing:shared", kwargs={"key": view.key}))


@require_POST
@role_required(SHARE_DASHBOARDS)
def share_revoke(request, pk: int):
    shared = get_object_or_404(SharedView, pk=pk)
    try:
        services.shared_view_revoke(shared_view=shared, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The link has been revoked. It no longer opens."))
    return redirect("sharing:list")


def _open_view(key: str) -> SharedView:
    shared = selectors.shared_view_open_for_key(key=key)
    if shared is None:
        raise Http404(NOT_AVAILABLE)
    return shared


def _title(shared: SharedView) -> str:
    title = shared.get_kind_display()
    if shared.round is not None:
        title = _("%(view)s in %(round)s") % {"view": title, "round": shared.round.name}
    return f"{title[:1].upper()}{title[1:]} ({selectors.shared_view_scope_label(shared_view=shared)})"


def _statuses() -> list[tuple[str, str]]:
    return [(status, str(label)) for status, label in Status.choices] + [(NO_STATUS, str(NO_STATUS_LABEL))]


def _chart_data(shared: SharedView, figures: selectors.SharedFigures) -> dict:
    """The data each dashboard's own chart drawing takes, without links into the product.
    The page's caption names the chart: its title is not among the data."""
    if figures.coverage is not None:
        rows = [
            {"number": row.number, "short_title": row.short_title, "count": row.linked_goals, "url": None}
            for row in figures.coverage
        ]
        return {"rows": rows}
    if figures.priority is not None:
        analysis = figures.priority
        return {
            "scale": analysis.round.uses_scale,
            "points": [(row.number, row.priority, row.linked_goals, row.reading) for row in analysis.rows],
            "x_line": analysis.priority_median,
            "y_line": analysis.coverage_median,
        }
    overview = figures.overview
    return {
        "xlabel": _("Number of operational goals"),
        "ylabel": _("Theme"),
        "statuses": _statuses(),
        "themes": _overview_rows(overview),
        "total": overview.total,
        "capped": overview.capped,
    }


def _overview_rows(overview) -> list[dict]:
    """Theme names repeat between agendas: name the agenda too when more than one is shown."""
    with_agenda = len({row.agenda for row in overview.themes}) > 1
    return [
        {"theme": f"{row.theme} ({row.agenda})" if with_agenda else row.theme, "counts": row.counts}
        for row in overview.themes
    ]


# The data areas each dashboard's chart shows: its cached copy is kept per their versions.
_AREAS = {
    SharedView.Kind.ANCHORING: (LINKS,),
    SharedView.Kind.PRIORITY: (LINKS, ROUNDS),
    SharedView.Kind.MONITORING: (MONITORING,),
}


def _chart_size(figures: selectors.SharedFigures):
    if figures.coverage is not None:
        return coverage_charts.coverage_size(len(figures.coverage))
    if figures.priority is not None:
        return coverage_charts.PRIORITY_COVERAGE_SIZE
    return monitoring_charts.overview_size(len(figures.overview.themes))


_DRAW = {
    SharedView.Kind.ANCHORING: coverage_charts.draw_coverage,
    SharedView.Kind.PRIORITY: coverage_charts.draw_priority_coverage,
    SharedView.Kind.MONITORING: monitoring_charts.draw_status_overview,
}


@login_not_required
def shared(request, key: str):
    """What a partner sees: one dashboard, read-only, labelled as a shared view."""
    shared_view = _open_view(key)
    services.shared_view_record_open(shared_view=shared_view)
    figures = selectors.shared_view_figures(shared_view=shared_view)
    context = {
        "shared": shared_view,
        "title": _title(shared_view),
        "figures": figures,
        "chart_version": data_version(*_AREAS[shared_view.kind], request=request),
        "chart_size": _chart_size(figures),
        "statuses": _statuses(),
        "overview_rows": _overview_rows(figures.overview) if figures.overview is not None else [],
        # Partners are not logged in, so the base layout would not say so: demo figures are illustrative.
        "demo_loaded": demo_is_loaded(),
        "readings": [
            (Reading.LABELS[reading], [row.number for row in figures.priority.rows if row.reading == reading])
            for reading in Reading.NAMED
        ]
        if figures.priority is not None
        else [],
    }
    response = render(request, "sharing/shared.html", context)
    # The key is in the address: no other site may learn it from a Referer header, nor index the page.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
def shared_chart(request, key: str, fmt: str):
    shared_view = _open_view(key)
    return chart_response(
        request,
        name=f"shared-{shared_view.kind}",
        fmt=fmt,
        areas=_AREAS[shared_view.kind],
        data=lambda: _chart_data(shared_view, selectors.shared_view_figures(shared_view=shared_view)),
        draw=_DRAW[shared_view.kind],
    )
