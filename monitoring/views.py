from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from accounts.roles import EDIT_AGENDAS, NOT_ALLOWED, READ_DASHBOARDS, role_required, user_has_role
from charts import redraw
from charts.responses import CACHE_SECONDS, chart_response
from charts.versions import MONITORING, data_version, shown_data_key
from monitoring import charts, selectors, services
from monitoring.filters import DashboardFilter, GoalFilter
from monitoring.forms import ImportForm, IndicatorForm, MeasurementForm, StatusUpdateForm
from monitoring.models import Indicator, Status, StatusUpdate
from monitoring.tables import NO_STATUS_LABEL, GoalStatusTable
from tabular.reading import TableReadError, read_rows
from tabular.writing import Table, table_download
from workagenda.models import OperationalGoal, Theme
from workagenda.selectors import GoalScope

INVALID_FILTER = gettext_lazy("These filters cannot be used. Choose them again from the lists.")
# The monitoring pages and charts show status updates, indicators and the goals they follow.
AREAS = (MONITORING,)
PAGE_SIZE = 25
# One agenda of up to 20 themes shows whole; a wider scope shows the themes needing attention most.
OVERVIEW_THEMES = 20
# A region's themes fit; a wider scope lists the themes needing attention most.
THEMES_SHOWN = 25
# Large enough that one agenda's goals (about 85) or indicators (about 20) fit on one page.
DEADLINES_PER_PAGE = 100
INDICATORS_PER_PAGE = 25


def _goal(pk: int) -> OperationalGoal:
    try:
        return OperationalGoal.objects.select_related("group__theme__agenda__region").get(pk=pk)
    except OperationalGoal.DoesNotExist:
        raise Http404(_("This operational goal does not exist.")) from None


def _theme(pk: int) -> Theme:
    try:
        return Theme.objects.select_related("agenda__region").get(pk=pk)
    except Theme.DoesNotExist:
        raise Http404(_("This theme does not exist.")) from None


def _indicator(pk: int) -> Indicator:
    try:
        return selectors.indicator_get(pk=pk)
    except Indicator.DoesNotExist:
        raise Http404(_("This indicator does not exist.")) from None


def _require_edit(request) -> None:
    if not user_has_role(request.user, EDIT_AGENDAS):
        raise PermissionDenied(NOT_ALLOWED)


def _dashboard_goals(request):
    filterset = DashboardFilter(request.GET or None, queryset=OperationalGoal.objects.all())
    goals = selectors.goals_with_latest_status(queryset=filterset.qs)
    since = filterset.form.cleaned_data.get("since") if filterset.is_bound and filterset.is_valid() else None
    if since:
        goals = selectors.goals_with_status_on(queryset=goals, date=since)
    return filterset, goals, since


def _overview_data(goals) -> dict:
    statuses = [(status, str(label)) for status, label in Status.choices] + [("none", str(NO_STATUS_LABEL))]
    overview = selectors.status_overview(goals=goals, limit=OVERVIEW_THEMES)
    # Theme names repeat between agendas; say whose theme it is when more than one agenda is shown.
    with_agenda = len({row.agenda for row in overview.themes}) > 1
    return {
        "xlabel": _("Number of operational goals"),
        "ylabel": _("Theme"),
        "statuses": statuses,
        "themes": [
            {"theme": f"{row.theme} ({row.agenda})" if with_agenda else row.theme, "counts": row.counts}
            for row in overview.themes
        ],
        "total": overview.total,
        "capped": overview.capped,
        "chart_size": charts.overview_size(len(overview.themes)),
    }


def _filtered_themes(scope: GoalScope):
    themes = Theme.objects.all()
    if scope.region is not None:
        themes = themes.filter(agenda__region=scope.region)
    if scope.agenda is not None:
        themes = themes.filter(agenda=scope.agenda)
    if scope.theme is not None:
        themes = themes.filter(pk=scope.theme.pk)
    return themes


@role_required(READ_DASHBOARDS)
def dashboard(request):
    filterset, goals, since = _dashboard_goals(request)
    table = GoalStatusTable(goals, since=since)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    themes = _filtered_themes(filterset.scope)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "filter": filterset,
            "table": table,
            # Built only when their fragments are not cached yet (see coverage.views._dashboard_page).
            "overview": SimpleLazyObject(lambda: _overview_data(goals)),
            "themes": SimpleLazyObject(lambda: selectors.theme_statuses(queryset=themes, limit=THEMES_SHOWN)),
            "shown_data_key": shown_data_key(request, *AREAS),
            "chart_version": data_version(*AREAS, request=request),
            "cache_seconds": CACHE_SECONDS,
            "since": since,
            # The chart shows the goals of the scope only: its address carries nothing else.
            "query": filterset.scope_query,
            "can_edit": user_has_role(request.user, EDIT_AGENDAS),
            # Before the first status the overview chart would be one grey bar per theme.
            "any_status": StatusUpdate.objects.exists(),
        },
        status=400 if filterset.is_bound and not filterset.is_valid() else 200,
    )


@role_required(READ_DASHBOARDS)
def dashboard_chart(request, fmt: str):
    return _dashboard_chart(request, fmt)


def redraw_dashboard_chart() -> None:
    """The overview chart of the monitoring dashboard without filters, as its page links it:
    after a status update, most readers open exactly this view (see charts.redraw)."""
    for request in redraw.chart_requests(reverse("monitoring:dashboard-chart", args=["png"])):
        _dashboard_chart(request, "png")


def _dashboard_chart(request, fmt: str):
    filterset = GoalFilter(request.GET or None, queryset=OperationalGoal.objects.all())
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest(INVALID_FILTER)
    goals = selectors.goals_with_latest_status(queryset=filterset.qs)
    return chart_response(
        request,
        name="status-overview",
        fmt=fmt,
        areas=AREAS,
        data=lambda: _overview_data(goals),
        draw=charts.draw_status_overview,
        params=filterset.scope_params,
    )


def _status_page(request, *, goal=None, theme=None):
    form = StatusUpdateForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        _require_edit(request)
        if form.is_valid():
            try:
                services.status_update_create(goal=goal, theme=theme, author=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The status has been recorded."))
                return redirect(request.path)
    return render(
        request,
        "monitoring/status_history.html",
        {
            "goal": goal,
            "theme": theme,
            "history": selectors.status_history(goal=goal, theme=theme),
            "indicators": goal.indicators.order_by("name") if goal else [],
            "form": form,
            "can_edit": user_has_role(request.user, EDIT_AGENDAS),
        },
        status=400 if form.errors else 200,
    )


@role_required(READ_DASHBOARDS)
def goal_status(request, pk: int):
    return _status_page(request, goal=_goal(pk))


@role_required(READ_DASHBOARDS)
def theme_status(request, pk: int):
    return _status_page(request, theme=_theme(pk))


@role_required(READ_DASHBOARDS)
def indicator_list(request):
    filterset = GoalFilter(request.GET or None, queryset=OperationalGoal.objects.all())
    indicators = selectors.indicators_with_latest_measurement(
        queryset=Indicator.objects.filter(goal__in=filterset.qs.values("pk"))
    ).order_by(
        "goal__group__theme__agenda__name", "goal__group__theme__number", "goal__group__number", "goal__letter", "name"
    )
    page = Paginator(indicators, INDICATORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/indicator_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": selectors.indicator_list_assessed(indicators=page.object_list, today=timezone.localdate()),
        },
    )


def _trend_data(indicator, measurements) -> dict:
    path = []
    if indicator.baseline_date and indicator.target_year:
        path = [
            (indicator.baseline_date.isoformat(), float(indicator.baseline_value)),
            (selectors.target_date(indicator.target_year).isoformat(), float(indicator.target_value)),
        ]
    return {
        "xlabel": _("Date"),
        "ylabel": indicator.unit,
        "target": float(indicator.target_value),
        "baseline": (indicator.baseline_date.isoformat(), float(indicator.baseline_value))
        if indicator.baseline_date
        else None,
        "path": path,
        "measurements": [(m.date.isoformat(), float(m.value)) for m in measurements],
        "labels": {
            "path": _("Straight path from baseline to target"),
            "target": _("Target"),
            "baseline": _("Baseline"),
            "measurements": _("Measurements"),
            "empty": _("No measurements yet"),
        },
    }


@role_required(READ_DASHBOARDS)
def indicator_detail(request, pk: int):
    indicator = _indicator(pk)
    form = MeasurementForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        _require_edit(request)
        if form.is_valid():
            try:
                services.measurement_create(indicator=indicator, recorded_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The measurement has been recorded."))
                return redirect(indicator.get_absolute_url())
    measurements = selectors.indicator_measurements(indicator=indicator)
    latest = max(measurements, key=lambda m: (m.date, m.pk)) if measurements else None
    assessment = selectors.indicator_assess(
        indicator=indicator,
        latest_value=latest.value if latest else None,
        latest_date=latest.date if latest else None,
        today=timezone.localdate(),
    )
    return render(
        request,
        "monitoring/indicator_detail.html",
        {
            "indicator": indicator,
            "measurements": measurements,
            "chart_version": data_version(*AREAS, request=request),
            "chart_size": charts.TREND_SIZE,
            "assessment": assessment,
            "form": form,
            "can_edit": user_has_role(request.user, EDIT_AGENDAS),
            "changes": selectors.indicator_changes(indicator=indicator),
        },
        status=400 if form.errors else 200,
    )


@role_required(READ_DASHBOARDS)
def indicator_chart(request, pk: int, fmt: str):
    # Looked up only to draw: a chart cached under the current data version shows an
    # indicator that still exists, since deleting it gives the data a new version.
    def data() -> dict:
        indicator = _indicator(pk)
        return _trend_data(indicator, selectors.indicator_measurements(indicator=indicator))

    return chart_response(
        request, name="indicator-trend", fmt=fmt, areas=AREAS, data=data, draw=charts.draw_indicator_trend
    )


@role_required(EDIT_AGENDAS)
def indicator_create(request, pk: int):
    goal = _goal(pk)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(goal=goal, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The indicator has been added."))
            return redirect(indicator.get_absolute_url())
    return render(
        request, "monitoring/indicator_form.html", {"goal": goal, "form": form}, status=400 if form.errors else 200
    )


@role_required(READ_DASHBOARDS)
def deadlines(request):
    filterset = GoalFilter(request.GET or None, queryset=OperationalGoal.objects.all())
    today = timezone.localdate()
    goals = selectors.goals_with_latest_status(queryset=filterset.qs)
    year_counts = selectors.goal_counts_per_target_year(goals=goals, today=today)
    page = Paginator(selectors.goals_in_deadline_order(goals=goals), DEADLINES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/deadlines.html",
        {
            "filter": filterset,
            "page_obj": page,
            "groups": selectors.goals_by_target_year(goals=page.object_list, year_counts=year_counts, today=today),
            "year_counts": year_counts,
            "today": today,
            "overdue": sum(count.overdue for count in year_counts),
        },
    )


IMPORTS = {
    "status": (services.STATUS_COLUMNS, services.STATUS_OPTIONAL),
    "metingen": (services.MEASUREMENT_COLUMNS, services.MEASUREMENT_OPTIONAL),
}


@role_required(EDIT_AGENDAS)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        required, optional = IMPORTS[kind]
        try:
            rows = read_rows(form.cleaned_data["file"], required=required, optional=optional)
        except TableReadError as error:
            form.add_error("file", str(error.args[0]))
        else:
            if kind == "status":
                outcome = services.status_updates_import(rows=rows, author=request.user)
            else:
                outcome = services.measurements_import(rows=rows, recorded_by=request.user)
            if outcome.ok:
                messages.success(request, _("%(count)s rows imported.") % {"count": outcome.counts["created"]})
                return redirect("monitoring:import")
    failed = bool(form.errors) or (outcome is not None and not outcome.ok)
    return render(request, "monitoring/import.html", {"form": form, "outcome": outcome}, status=400 if failed else 200)


@role_required(EDIT_AGENDAS)
def import_template(request, kind: str, fmt: str):
    if kind not in IMPORTS or fmt not in ("csv", "xlsx"):
        raise Http404(_("There is no such template."))
    required, optional = IMPORTS[kind]
    if kind == "status":
        goals = OperationalGoal.objects.select_related("group__theme__agenda").order_by(
            "group__theme__agenda__name", "group__theme__number", "group__number", "letter"
        )
        rows = [[goal.group.theme.agenda.slug, goal.code, "", "", ""] for goal in goals]
    else:
        rows = [[indicator.pk, "", "", "", indicator.name] for indicator in Indicator.objects.order_by("pk")]
    # A template is read back by the importer: no lines above its header, no date in its name.
    table = Table(name=f"sjabloon-{kind}", sheet=kind, columns=[*required, *optional], rows=rows, dated=False)
    return table_download(table, fmt)
