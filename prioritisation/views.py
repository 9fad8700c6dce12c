from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from accounts import roles
from accounts.roles import role_required
from charts.responses import CACHE_SECONDS, chart_response
from charts.versions import ROUNDS, data_version, shown_data_key
from prioritisation import figures, selectors, services
from prioritisation.forms import BallotForm, ComparisonRoundsForm, MatrixLinesForm, RoundForm
from prioritisation.models import SCORE_MAX, Round
from prioritisation.tables import RoundResultsTable
from recommendations.selectors import recommendation_list
from seeddata.demo import demo_about
from tabular.writing import FORMATS, Table, table_download, table_values

ROUND_NOT_FOUND = gettext_lazy("There is no prioritisation round with number %(pk)s.")
BALLOT_SAVED = gettext_lazy("Your ballot has been saved. You can change it until the round closes.")
CHART_NOT_FOUND = gettext_lazy("This chart does not exist.")
LINES_INVALID = gettext_lazy("The position of the matrix lines is not valid.")
# The matrix lines move in half steps: fine enough to place them between any two counts or scores.
LINE_STEP = Decimal("0.5")
ROUNDS_INVALID = gettext_lazy("This choice of rounds is not valid.")
ROUND_READERS = (roles.VOTE, roles.READ_DASHBOARDS)
# The round pages and charts show rounds and ballots (and the recommendations they name).
AREAS = (ROUNDS,)
# The real product has ten recommendations and a round or two a year: the latest rounds
# and every recommendation fit on one page and in one chart.
ROUNDS_PER_PAGE = 5
RESULTS_PER_PAGE = 20
# More bars or labelled points than this are illegible; the tables show every recommendation.
CHART_RECOMMENDATIONS = 20
# Rounds side by side in the comparison, and lines in its chart, that stay legible; each
# row of its table holds two figures per round.
ROUNDS_COMPARED = 4
COMPARISON_PER_PAGE = 10
COMPARISON_CHART_LINES = 10
ADMINISTRATORS_ONLY = selectors.ADMINISTRATORS
EXPORTS_NOT_ALLOWED = gettext_lazy(
    "Downloading tables is for managers and policy advisors. You can read the results on the page."
)
ROUND_OPENED = gettext_lazy("The round %(name)s has been saved.")
ROUND_CLOSED = gettext_lazy("The round %(name)s is closed. Its results are now visible as its settings say.")


def _round_or_404(pk: int) -> Round:
    try:
        return selectors.round_get(pk=pk)
    except Round.DoesNotExist:
        raise Http404(ROUND_NOT_FOUND % {"pk": pk}) from None


def _round_for_results(request, pk: int) -> Round:
    """The round, if this user may see its results; otherwise a 403 saying why."""
    round = _round_or_404(pk)
    refusal = selectors.round_results_refusal(round=round, user=request.user)
    if refusal:
        raise PermissionDenied(refusal)
    return round


@role_required(ROUND_READERS)
def round_list(request):
    page = Paginator(selectors.round_list_for_user(user=request.user), ROUNDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "prioritisation/round_list.html",
        {
            "rounds": page,
            "page_obj": page,
            # Only the rounds whose results this user may see get a link to them: the others would refuse.
            "results_visible": selectors.round_pks_results_visible(user=request.user, rounds=page),
            "can_compare": roles.user_has_role(request.user, roles.READ_DASHBOARDS),
            "can_manage": roles.user_has_role(request.user, ADMINISTRATORS_ONLY),
        },
    )


def _show_errors(form: BallotForm, error: ValidationError) -> None:
    """The service's refusals next to the field they concern, or at the top of the form."""
    per_field = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, field_messages in per_field:
        form.add_error(field if field in form.fields else None, field_messages)


@require_http_methods(["GET", "POST"])
def ballot(request, pk: int):
    """Participants only: the check is explicit because it depends on the round."""
    round = _round_or_404(pk)
    if not selectors.round_is_participant(round=round, user=request.user):
        raise PermissionDenied(services.NOT_A_PARTICIPANT)
    existing = selectors.ballot_for_member(round=round, user=request.user)
    recommendations = list(recommendation_list())
    is_open = round.is_open()
    form = BallotForm(
        request.POST if request.method == "POST" else None,
        round=round,
        recommendations=recommendations,
        ballot=existing,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.ballot_submit(
                    round=round, member=request.user, choices=form.choices(), comment=form.cleaned_data["comment"]
                )
            except ValidationError as error:
                _show_errors(form, error)
            else:
                messages.success(request, BALLOT_SAVED)
                return redirect("prioritisation:ballot", pk=round.pk)
        status = 400
    return render(
        request,
        "prioritisation/ballot.html",
        {"round": round, "form": form, "existing": existing, "is_open": is_open},
        status=status,
    )


def _round_form_page(request, *, round: Round | None):
    form = RoundForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "participants"}
        participants = list(form.cleaned_data["participants"])
        try:
            if round is None:
                saved = services.round_create(user=request.user, participants=participants, **fields)
            else:
                saved = services.round_update(round=round, user=request.user, participants=participants, **fields)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, ROUND_OPENED % {"name": saved.name})
            return redirect("prioritisation:list")
    return render(
        request,
        "prioritisation/round_form.html",
        {"form": form, "round": round},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(ADMINISTRATORS_ONLY)
@require_http_methods(["GET", "POST"])
def round_create(request):
    return _round_form_page(request, round=None)


@role_required(ADMINISTRATORS_ONLY)
@require_http_methods(["GET", "POST"])
def round_edit(request, pk: int):
    return _round_form_page(request, round=_round_or_404(pk))


@role_required(ADMINISTRATORS_ONLY)
@require_http_methods(["POST"])
def round_close(request, pk: int):
    round = services.round_close(round=_round_or_404(pk), user=request.user)
    messages.success(request, ROUND_CLOSED % {"name": round.name})
    return redirect("prioritisation:list")


@role_required(ADMINISTRATORS_ONLY)
@require_http_methods(["GET"])
def round_history(request, pk: int):
    round = _round_or_404(pk)
    return render(
        request, "prioritisation/round_history.html", {"round": round, "changes": selectors.round_changes(round=round)}
    )


def _line_upper(the_round: Round) -> int:
    """The highest importance or urgency a recommendation can get in the round: the top of the
    scale, or every participant picking it."""
    return SCORE_MAX if the_round.uses_scale else max(selectors.round_participant_total(round=the_round), 1)


def _snapped_line(value: Decimal, upper: int) -> float:
    return min(float(round(value / LINE_STEP) * LINE_STEP), float(upper))


def _chosen_lines(form: MatrixLinesForm, the_round: Round) -> dict[str, float | None]:
    """The reader's lines, snapped to half steps within the axis; None where the mean is used.

    The chart is drawn and cached for these, so the lines a query can ask for are few."""
    if not (form.is_bound and form.is_valid()):
        return {"belang": None, "urgentie": None}
    upper = _line_upper(the_round)
    return {
        name: None if form.cleaned_data[name] is None else _snapped_line(form.cleaned_data[name], upper)
        for name in ("belang", "urgentie")
    }


def _matrix_lines(request, the_round: Round, results) -> tuple[MatrixLinesForm, float, float]:
    """The quadrant lines: the viewer's choice if valid (snapped, as the chart draws it), else the means."""
    form = MatrixLinesForm(request.GET or None)
    count = len(results) or 1
    chosen = _chosen_lines(form, the_round)
    x_line = chosen["belang"] if chosen["belang"] is not None else sum(r.importance for r in results) / count
    y_line = chosen["urgentie"] if chosen["urgentie"] is not None else sum(r.urgency for r in results) / count
    return form, round(x_line, 2), round(y_line, 2)


def _matrix_query(form: MatrixLinesForm, the_round: Round) -> str:
    """The chosen lines for the matrix chart's address, as the chart accepts them."""
    return urlencode({name: value for name, value in _chosen_lines(form, the_round).items() if value is not None})


def _table(request, the_round: Round, results) -> RoundResultsTable:
    def agreement(value):
        return None if value is None else round(100 * value)

    rows = [
        {
            "number": r.number,
            "short_title": r.short_title,
            "importance": r.importance,
            "urgency": r.urgency,
            "importance_agreement": agreement(r.agreement.importance),
            "urgency_agreement": agreement(r.agreement.urgency),
        }
        for r in results
    ]
    table = RoundResultsTable(rows)
    table.caption = _("Importance and urgency per recommendation in %(round)s") % {"round": the_round.name}
    RequestConfig(request, paginate=False).configure(table)
    return table


@require_http_methods(["GET"])
def results(request, pk: int):
    round = _round_for_results(request, pk)
    round_results = selectors.round_results(round=round)
    export_format = request.GET.get("_export")
    if export_format in FORMATS:
        if not roles.user_has_role(request.user, roles.READ_DASHBOARDS):
            raise PermissionDenied(EXPORTS_NOT_ALLOWED)
        columns, rows = table_values(_table(request, round, round_results))
        table = Table(
            name="prioritering",
            sheet=_("Round results"),
            columns=columns,
            rows=rows,
            about=[(_("Round"), round.name), *demo_about()],
            tags=[round.name],
        )
        return table_download(table, export_format)
    # Both tables show the same recommendations: one page number for the two.
    page = Paginator(round_results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    lines_form, x_line, y_line = _matrix_lines(request, round, round_results)
    return render(
        request,
        "prioritisation/results.html",
        {
            "round": round,
            "page_obj": page,
            "table": _table(request, round, page.object_list),
            "chart_count": min(len(round_results), CHART_RECOMMENDATIONS),
            "chart_version": data_version(*AREAS, request=request),
            "bars_size": figures.bars_size(min(len(round_results), CHART_RECOMMENDATIONS)),
            "matrix_size": figures.MATRIX_SIZE,
            "recommendation_count": len(round_results),
            "participation": selectors.round_participation(round=round),
            "reasons": selectors.round_reasons(round=round),
            "comments": selectors.round_comments(round=round),
            "lines_form": lines_form,
            "matrix_query": _matrix_query(lines_form, round),
            "x_line": x_line,
            "y_line": y_line,
            "is_voter": selectors.round_is_participant(round=round, user=request.user) and round.is_open(),
            # Who voted what and when is for administrators only, never for members or managers.
            "changes": selectors.round_changes(round=round)
            if roles.user_has_role(request.user, ADMINISTRATORS_ONLY)
            else None,
        },
        status=400 if lines_form.errors else 200,
    )


@require_http_methods(["GET"])
def results_chart(request, pk: int, chart: str, fmt: str):
    round = _round_for_results(request, pk)
    if chart == "belang-urgentie":

        def bars() -> dict:
            results = selectors.round_results(round=round)
            shown = selectors.results_highest(results=results, count=CHART_RECOMMENDATIONS)
            rows = [(r.number, r.short_title, r.importance, r.urgency) for r in shown]
            return {"scale": round.uses_scale, "rows": rows, "total": len(results)}

        return chart_response(
            request, name="round-bars", fmt=fmt, areas=AREAS, data=bars, draw=figures.draw_priority_bars
        )
    if chart == "matrix":
        lines_form = MatrixLinesForm(request.GET or None)
        if lines_form.errors:
            return render(request, "400.html", {"exception": LINES_INVALID}, status=400)

        def matrix() -> dict:
            results = selectors.round_results(round=round)
            # The lines stay at the means of all recommendations, as the page says.
            _lines_form, x_line, y_line = _matrix_lines(request, round, results)
            shown = selectors.results_highest(results=results, count=CHART_RECOMMENDATIONS)
            points = [(r.number, r.importance, r.urgency) for r in shown]
            return {
                "scale": round.uses_scale,
                "points": points,
                "total": len(results),
                "x_line": x_line,
                "y_line": y_line,
            }

        params = _chosen_lines(lines_form, round)
        return chart_response(
            request, name="round-matrix", fmt=fmt, areas=AREAS, data=matrix, draw=figures.draw_matrix, params=params
        )
    raise Http404(CHART_NOT_FOUND)


def _compared_rounds(request) -> tuple[ComparisonRoundsForm, list[Round]]:
    """The reader's choice of rounds, and the rounds it selects (oldest first)."""
    every_round = selectors.round_list_published_oldest_first()
    form = ComparisonRoundsForm(request.GET or None, rounds=every_round)
    return form, selectors.rounds_up_to(rounds=every_round, last=form.last_round(), count=ROUNDS_COMPARED)


@role_required(roles.READ_DASHBOARDS)
def comparison(request):
    form, rounds = _compared_rounds(request)
    page = Paginator(recommendation_list(), COMPARISON_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "prioritisation/comparison.html",
        {
            "form": form,
            "rounds": rounds,
            "round_count": len(form.rounds),
            "rounds_compared": ROUNDS_COMPARED,
            # Built only when the cached table is not there yet (see coverage.views._dashboard_page).
            "rows": SimpleLazyObject(
                lambda: selectors.rounds_compared(rounds=rounds, recommendations=page.object_list)
            ),
            "shown_data_key": shown_data_key(request, *AREAS),
            "chart_version": data_version(*AREAS, request=request),
            "chart_size": figures.COMPARISON_SIZE,
            "cache_seconds": CACHE_SECONDS,
            "page_obj": page,
            "chart_count": min(page.paginator.count, COMPARISON_CHART_LINES),
            "recommendation_count": page.paginator.count,
        },
        status=400 if form.errors else 200,
    )


@role_required(roles.READ_DASHBOARDS)
def comparison_chart(request, fmt: str):
    def compared() -> dict:
        # Checked here, where the chart is drawn: a cached chart needs no query for the rounds,
        # and a choice that is not valid is never drawn, so never cached.
        form, rounds = _compared_rounds(request)
        if form.errors:
            raise BadRequest(ROUNDS_INVALID)
        rows = selectors.rounds_compared(rounds=rounds)
        shown = selectors.rows_highest_in_last_round(rows=rows, count=COMPARISON_CHART_LINES)
        return {
            "rounds": [r.name for r in rounds],
            "rows": [(row.number, row.values) for row in shown],
            "total": len(rows),
        }

    # A choice of rounds that is not valid is refused where it is drawn, so never cached.
    params = {"tot": request.GET.get("tot")}
    return chart_response(
        request,
        name="rounds-compared",
        fmt=fmt,
        areas=AREAS,
        data=compared,
        draw=figures.draw_comparison,
        params=params,
    )
