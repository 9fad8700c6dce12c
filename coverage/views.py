from functools import partial

from django.core.exceptions import BadRequest
from django.core.paginator import Page
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import READ_DASHBOARDS, role_required
from charts import redraw
from charts.responses import CACHE_SECONDS, chart_response
from charts.versions import LINKS, ROUNDS, data_version, shown_data_key
from coverage import charts, selectors
from coverage.filters import PriorityCoverageFilter
from tabular.writing import Table, table_download
from workagenda.filters import GoalScopeFilter
from workagenda.models import GoalLink, OperationalGoal
from workagenda.selectors import GoalScope, goal_scope_about, goal_scope_tags

COVERAGE_TITLE = gettext_lazy("Representation of recommendations in operational goals")
HEATMAP_TITLE = gettext_lazy("Linked operational goals per theme and recommendation")
COMPARISON_TITLE = gettext_lazy("Anchoring per region, as a share of its operational goals")
PRIORITY_TITLE = gettext_lazy("Priority in %(round)s against anchoring")
NO_CLOSED_ROUND = gettext_lazy("There is no closed prioritisation round yet.")
INVALID_FILTER = gettext_lazy("These filters cannot be used. Choose them again from the lists.")
INVALID_PAGE = gettext_lazy("This page number cannot be used. Open the chart from its dashboard.")
# Page numbers up to 9999: far more than any dashboard has, and a bound on the charts a query can ask for.
MAX_PAGE_DIGITS = 4
THEMES_SHOWN = gettext_lazy("themes %(start)s–%(end)s of %(total)s, most links first")
REGIONS_SHOWN = gettext_lazy("regions %(start)s–%(end)s of %(total)s, most linked goals first")

# The anchoring pages show links and goals; the priority chart also a round's ballots.
AREAS = (LINKS,)
PRIORITY_AREAS = (LINKS, ROUNDS)
# One agenda of up to 20 themes shows whole in the heatmap; paging starts above that.
HEATMAP_THEMES = 20
COMPARISON_REGIONS = len(charts.REGION_COLOURS)
ORPHAN_THEMES = 10
# Up to this many recommendations without a goal in a theme are listed with links; more are named by number.
ORPHAN_RECOMMENDATIONS_LISTED = 10


def _scope_filter(request) -> GoalScopeFilter:
    return GoalScopeFilter(request.GET or None, queryset=OperationalGoal.objects.none())


def _filter_params(filterset: GoalScopeFilter) -> dict[str, str]:
    """The filters as given, to pass on to charts, exports and the goals table."""
    return {name: filterset.data[name] for name in filterset.filters if filterset.data.get(name)}


def _titled(title: str, scope: GoalScope, *, page: Page | None = None, shown: str = "") -> str:
    """The title with the filters, and which part is shown when it does not fit on one page."""
    parts = [str(part) for part in (scope.region and scope.region.name, scope.agenda, scope.theme) if part]
    if scope.target_year:
        parts.append(_("target year %(year)s") % {"year": scope.target_year})
    if page is not None and page.has_other_pages():
        parts.append(shown % {"start": page.start_index(), "end": page.end_index(), "total": page.paginator.count})
    return f"{title} ({', '.join(parts)})" if parts else str(title)


def _page_query(filterset: GoalScopeFilter, page: Page) -> str:
    """The filters and, when there is more than one, the page: for a chart of that page."""
    params = _filter_params(filterset)
    if page.has_other_pages():
        params["page"] = page.number
    return urlencode(params)


def _coverage_data(filterset: GoalScopeFilter) -> dict:
    params = _filter_params(filterset)
    goals_url = reverse("workagenda:goals")
    rows = [
        {
            "number": row.number,
            "short_title": row.short_title,
            "count": row.linked_goals,
            "url": f"{goals_url}?{urlencode({**params, 'aanbeveling': row.number})}",
        }
        for row in selectors.recommendation_coverage(scope=filterset.scope)
    ]
    return {
        "title": _titled(COVERAGE_TITLE, filterset.scope),
        "rows": rows,
        "chart_size": charts.coverage_size(len(rows)),
        "has_links": any(row["count"] for row in rows),
    }


def _heatmap_data(filterset: GoalScopeFilter, page: str | int = 1, per_page: int | None = HEATMAP_THEMES) -> dict:
    heatmap = selectors.theme_heatmap(scope=filterset.scope, page=page, per_page=per_page)
    return {
        "title": _titled(HEATMAP_TITLE, filterset.scope, page=heatmap.page, shown=THEMES_SHOWN),
        "numbers": heatmap.numbers,
        "rows": [{"label": f"{row.theme.code} {row.theme.name}", "counts": row.counts} for row in heatmap.rows],
        "cell_numbers": len(heatmap.numbers) <= charts.CELL_NUMBERS_UP_TO,
        "chart_size": charts.heatmap_size(len(heatmap.rows)),
        "has_links": any(row.total for row in heatmap.rows),
        "heatmap": heatmap,
        "chart_query": _page_query(filterset, heatmap.page),
    }


def _comparison_data(
    filterset: GoalScopeFilter, page: str | int = 1, per_page: int | None = COMPARISON_REGIONS
) -> dict:
    comparison = selectors.region_comparison(scope=filterset.scope, page=page, per_page=per_page)
    return {
        "title": _titled(COMPARISON_TITLE, filterset.scope, page=comparison.page, shown=REGIONS_SHOWN),
        "regions": [region.name for region in comparison.regions],
        "rows": [
            {
                "number": row.number,
                "short_title": row.short_title,
                "counts": [share.count for share in row.regions],
                "shares": [round(share.share, 4) for share in row.regions],
            }
            for row in comparison.rows
        ],
        "comparison": comparison,
        "chart_size": charts.comparison_size(len(comparison.rows)),
        "has_links": any(share.count for row in comparison.rows for share in row.regions),
        "chart_query": _page_query(filterset, comparison.page),
    }


def _orphans_data(filterset: GoalScopeFilter, page: str | int = 1) -> dict:
    orphans = selectors.theme_orphans(scope=filterset.scope, page=page, per_page=ORPHAN_THEMES)
    return {"page_obj": orphans.page, "themes": orphans.themes, "listed_up_to": ORPHAN_RECOMMENDATIONS_LISTED}


def _dashboard_page(request, template: str, parts) -> HttpResponse:
    """Render a dashboard for valid filters; show the filter errors with a 400 otherwise.

    parts(filterset, page) names the page's parts, each with a function that builds its data;
    page is the requested page of its long list. The template renders the parts in a fragment
    cached on the data version, the URL and the language (`shown_data_key`), so a part's
    queries run only when that fragment is not cached yet: until the next write, a manager
    paging back and forth or a colleague opening the same view is served without them."""
    filterset = _scope_filter(request)
    if filterset.is_bound and not filterset.form.is_valid():
        return render(request, template, {"filter": filterset, "invalid": True}, status=400)
    page = request.GET.get("page", 1)
    lazy_parts = {name: SimpleLazyObject(build) for name, build in parts(filterset, page).items()}
    context = {
        "filter": filterset,
        "query": urlencode(_filter_params(filterset)),
        "shown_data_key": shown_data_key(request, *AREAS),
        "chart_version": data_version(*AREAS, request=request),
        "cache_seconds": CACHE_SECONDS,
        # Without any link a chart would be all zeros: the page says who links goals instead.
        "any_links": SimpleLazyObject(GoalLink.objects.exists),
        **lazy_parts,
    }
    return render(request, template, context)


def _dashboard_parts(filterset, page) -> dict:
    return {"coverage": partial(_coverage_data, filterset), "heatmap": partial(_heatmap_data, filterset, page)}


@role_required(READ_DASHBOARDS)
def dashboard(request):
    return _dashboard_page(request, "coverage/dashboard.html", _dashboard_parts)


@role_required(READ_DASHBOARDS)
def comparison(request):
    return _dashboard_page(
        request,
        "coverage/comparison.html",
        lambda filterset, page: {"comparison": partial(_comparison_data, filterset, page)},
    )


@role_required(READ_DASHBOARDS)
def orphans(request):
    return _dashboard_page(
        request, "coverage/orphans.html", lambda filterset, page: {"orphans": partial(_orphans_data, filterset, page)}
    )


_CHARTS = {
    "dekking": (lambda filterset, page: _coverage_data(filterset), charts.draw_coverage),
    "heatmap": (_heatmap_data, charts.draw_heatmap),
    "regios": (_comparison_data, charts.draw_comparison),
}


def _chart_page(value: str | None) -> int:
    """A page number as the dashboards link it; anything else is refused, not drawn."""
    if value is None:
        return 1
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_PAGE_DIGITS and int(value) >= 1):
        raise BadRequest(INVALID_PAGE)
    return int(value)


@role_required(READ_DASHBOARDS)
def chart(request, name: str, fmt: str):
    return _chart(request, name, fmt)


def _chart(request, name: str, fmt: str):
    filterset = _scope_filter(request)
    if filterset.is_bound and not filterset.form.is_valid():
        return HttpResponseBadRequest(INVALID_FILTER)
    build, draw = _CHARTS[name]
    paged = name != "dekking"
    page = _chart_page(request.GET.get("page")) if paged else 1
    params = {**filterset.scope_params, **({"page": page} if paged else {})}

    def data() -> dict:
        return {
            key: value
            for key, value in build(filterset, page).items()
            if key not in ("heatmap", "comparison", "chart_query", "has_links")
        }

    return chart_response(request, name=f"coverage-{name}", fmt=fmt, areas=AREAS, data=data, draw=draw, params=params)


def redraw_dashboard() -> None:
    """The anchoring dashboard without filters, its cached part and its charts as its page links
    them: after a change to the links, most readers open exactly this view (see charts.redraw),
    and would otherwise each build the part at once. The part shows nobody's name or role, so a
    request without a user renders it as every reader's would."""
    _dashboard_page(redraw.chart_request(reverse("coverage:dashboard")), "coverage/dashboard.html", _dashboard_parts)
    heatmap_query = _heatmap_data(_scope_filter(redraw.chart_request("")))["chart_query"]
    shown = [
        (name, redraw.chart_requests(reverse("coverage:chart", kwargs={"name": name, "fmt": "png"}), query))
        for name, query in (("dekking", ""), ("heatmap", heatmap_query))
    ]
    # Every chart first, then their phone copies, which are quick to make from the chart.
    for requests in zip(*(requests for _name, requests in shown), strict=True):
        for (name, _requests), request in zip(shown, requests, strict=True):
            _chart(request, name, "png")


@role_required(READ_DASHBOARDS)
def export(request, name: str, fmt: str):
    filterset = _scope_filter(request)
    if filterset.is_bound and not filterset.form.is_valid():
        return HttpResponseBadRequest(INVALID_FILTER)
    sheets = {"dekking": _("Anchoring"), "heatmap": _("Heatmap"), "regios": _("Regions")}
    if name == "dekking":
        columns = [_("Recommendation"), _("Short title"), _("Linked operational goals")]
        rows = [[row["number"], row["short_title"], row["count"]] for row in _coverage_data(filterset)["rows"]]
    elif name == "heatmap":
        heatmap = _heatmap_data(filterset, per_page=None)["heatmap"]
        columns = [_("Theme code"), _("Theme"), *[str(number) for number in heatmap.numbers]]
        rows = [[row.theme.code, row.theme.name, *row.counts] for row in heatmap.rows]
    else:
        data = _comparison_data(filterset, per_page=None)
        columns = [_("Recommendation"), _("Short title")]
        for region in data["regions"]:
            columns += [region, _("%(region)s (share)") % {"region": region}]
        rows = [
            [row["number"], row["short_title"]]
            + [value for pair in zip(row["counts"], row["shares"], strict=True) for value in pair]
            for row in data["rows"]
        ]
    table = Table(
        name=f"verankering-{name}",
        sheet=sheets[name],
        columns=columns,
        rows=rows,
        about=goal_scope_about(scope=filterset.scope),
        tags=goal_scope_tags(scope=filterset.scope),
    )
    return table_download(table, fmt)


def _priority_data(filterset: PriorityCoverageFilter) -> dict | None:
    """The analysis for the chosen (or latest closed) round; None when there is no round."""
    round = filterset.round
    if round is None:
        return None
    analysis = selectors.priority_coverage(round=round, scope=filterset.scope)
    title = _titled(PRIORITY_TITLE % {"round": round.name}, filterset.scope)
    return {
        "analysis": analysis,
        "title": title,
        "sentences": selectors.priority_coverage_sentences(analysis=analysis),
        "chart": {
            "title": title,
            "scale": round.uses_scale,
            "points": [(row.number, row.priority, row.linked_goals, row.reading) for row in analysis.rows],
            "x_line": analysis.priority_median,
            "y_line": analysis.coverage_median,
        },
    }


def _priority_filter(request) -> PriorityCoverageFilter:
    return PriorityCoverageFilter(request.GET or None, queryset=OperationalGoal.objects.none(), user=request.user)


@role_required(READ_DASHBOARDS)
def priority(request):
    filterset = _priority_filter(request)
    if filterset.is_bound and not filterset.form.is_valid():
        return render(request, "coverage/priority.html", {"filter": filterset, "invalid": True}, status=400)
    return render(
        request,
        "coverage/priority.html",
        {
            "filter": filterset,
            "query": urlencode(_filter_params(filterset)),
            "data": _priority_data(filterset),
            "any_links": SimpleLazyObject(GoalLink.objects.exists),
            "chart_version": data_version(*PRIORITY_AREAS, request=request),
            "chart_size": charts.PRIORITY_COVERAGE_SIZE,
        },
    )


@role_required(READ_DASHBOARDS)
def priority_chart(request, fmt: str):
    filterset = _priority_filter(request)
    if filterset.is_bound and not filterset.form.is_valid():
        return HttpResponseBadRequest(INVALID_FILTER)

    def data() -> dict:
        priority_data = _priority_data(filterset)
        if priority_data is None:
            raise Http404(NO_CLOSED_ROUND)
        return priority_data["chart"]

    round_chosen = filterset.form.cleaned_data.get("ronde") if filterset.is_bound else None
    params = {**filterset.scope_params, "ronde": round_chosen and round_chosen.pk}
    return chart_response(
        request,
        name="priority-coverage",
        fmt=fmt,
        areas=PRIORITY_AREAS,
        data=data,
        draw=charts.draw_priority_coverage,
        params=params,
    )
