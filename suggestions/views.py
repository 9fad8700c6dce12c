from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import EDIT_AGENDAS, role_required
from recommendations.models import Recommendation
from suggestions import services
from suggestions.forms import AcceptForm, ThemeAcceptForm
from suggestions.sections import shown_suggestions
from workagenda.models import OperationalGoal, Theme


def _pair_or_404(pk: int, number: int) -> tuple[OperationalGoal, Recommendation]:
    goal = OperationalGoal.objects.select_related("group__theme").filter(pk=pk).first()
    recommendation = Recommendation.objects.filter(number=number).first()
    if goal is None or recommendation is None:
        raise Http404(_("This operational goal or recommendation does not exist."))
    return goal, recommendation


def _back(request, goal: OperationalGoal, number: int):
    """Back to where the advisor decided (the grid or the goal page), at the cell decided on."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(f"{back.split('#')[0]}#cel-{goal.pk}-{number}")
    return redirect(goal)


@role_required(EDIT_AGENDAS)
@require_POST
def accept(request, pk: int, number: int):
    goal, recommendation = _pair_or_404(pk, number)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("note", [])))
        return _back(request, goal, number)
    try:
        services.suggestion_accept(
            goal=goal, recommendation=recommendation, user=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(code)s is now linked to recommendation %(number)s.") % {"code": goal.code, "number": number}
        )
    return _back(request, goal, number)


@role_required(EDIT_AGENDAS)
@require_POST
def dismiss(request, pk: int, number: int):
    goal, recommendation = _pair_or_404(pk, number)
    try:
        services.suggestion_dismiss(goal=goal, recommendation=recommendation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Suggestion dismissed: recommendation %(number)s will not be suggested for %(code)s again.")
            % {"code": goal.code, "number": number},
        )
    return _back(request, goal, number)


@role_required(EDIT_AGENDAS)
def theme_accept(request, pk: int):
    theme = Theme.objects.select_related("agenda__region").filter(pk=pk).first()
    if theme is None:
        raise Http404(_("This theme does not exist."))
    data = request.POST if request.method == "POST" else (request.GET or {"threshold": 12})
    form = ThemeAcceptForm(data)
    items = []
    status = 200
    if form.is_valid():
        goals = list(
            OperationalGoal.objects.filter(group__theme=theme)
            .select_related("group__theme")
            .order_by("group__number", "letter")
        )
        every = shown_suggestions(goals=goals, recommendations=list(Recommendation.objects.order_by("number")))
        items = [item for item in every if item.percent >= form.cleaned_data["threshold"]]
        if request.method == "POST":
            previewed = {tuple(map(int, token.split("-"))) for token in request.POST.getlist("cel") if _cell(token)}
            current = {(item.goal.pk, item.recommendation.number): item.suggestion for item in items}
            try:
                count = services.theme_suggestions_accept(
                    theme=theme, previewed=previewed, current=current, user=request.user
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 409
            else:
                messages.success(
                    request, ngettext("%(count)d link added.", "%(count)d links added.", count) % {"count": count}
                )
                return redirect(reverse("workagenda:link_grid", kwargs={"pk": theme.pk}))
    elif request.method == "POST":
        status = 400
    return render(
        request, "suggestions/theme_accept.html", {"theme": theme, "form": form, "items": items}, status=status
    )


def _cell(token: str) -> bool:
    first, _, second = token.partition("-")
    return first.isdigit() and second.isdigit() and len(token) < 20
