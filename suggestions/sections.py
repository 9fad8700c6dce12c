"""What the linking assistant adds to workagenda's grid and goal page (see workagenda/extensions.py)."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.roles import EDIT_AGENDAS, user_has_role
from recommendations.models import Recommendation
from suggestions import engine, selectors, services
from workagenda import extensions
from workagenda.models import OperationalGoal, Theme


@dataclass(frozen=True)
class ShownSuggestion:
    """A suggestion as a page shows it: its goal and recommendation, marked text and note."""

    goal: OperationalGoal
    recommendation: Recommendation
    suggestion: engine.Suggestion

    @property
    def key(self) -> str:
        return f"{self.goal.pk}-{self.recommendation.number}"

    @property
    def percent(self) -> int:
        return min(99, round(self.suggestion.score * 100))

    @property
    def pieces(self) -> list[tuple[str, bool]]:
        return engine.highlight(
            self.goal.text, {w for r in self.suggestion.reasons for w in " ".join(r.goal_words).split()}
        )

    @property
    def note(self) -> str:
        return services.suggestion_note(suggestion=self.suggestion)


# Below this score (in hundredths) a suggestion is noise on a page; the commands show all.
MIN_SHOWN = 5


def shown_suggestions(
    *, goals: list[OperationalGoal], recommendations: list[Recommendation], top: int = 3
) -> list[ShownSuggestion]:
    by_number = {rec.number: rec for rec in recommendations}
    ranked = selectors.goal_suggestions(goal_ids=[goal.pk for goal in goals], top=top)
    return [
        ShownSuggestion(goal=goal, recommendation=by_number[suggestion.number], suggestion=suggestion)
        for goal in goals
        for suggestion in ranked.get(goal.pk, [])
        if suggestion.number in by_number and suggestion.score * 100 >= MIN_SHOWN
    ]


def grid_addition(
    request: HttpRequest, theme: Theme, goals: list[OperationalGoal], recommendations: list[Recommendation]
) -> extensions.GridAddition:
    if not user_has_role(request.user, EDIT_AGENDAS):
        return extensions.GridAddition()
    every = shown_suggestions(goals=goals, recommendations=list(Recommendation.objects.order_by("number")))
    shown = {rec.number for rec in recommendations}
    items = [item for item in every if item.recommendation.number in shown]
    here = request.get_full_path()
    return extensions.GridAddition(
        cells={(item.goal.pk, item.recommendation.number): _cell(item) for item in items},
        marked_goals={item.goal.pk for item in every},
        filter_label=_("Show only goals with open suggestions"),
        before=render_to_string("suggestions/grid_intro.html", {"theme": theme, "count": len(every)}),
        after=render_to_string(
            "suggestions/grid_panels.html", {"items": items, "here": here, "keys": True}, request=request
        ),
    )


def _cell(item: ShownSuggestion) -> str:
    """The mark in a grid cell: a dashed ◇ with the score (not colour alone), linking to the reasons.

    Built without a template: a grid has a cell like this for every suggestion."""
    return format_html(
        '<a class="suggestion-mark" href="#voorstel-{key}" data-panel="voorstel-{key}" data-suggestion="{key}">'
        '<span aria-hidden="true">◇{score}</span><span class="visually-hidden">{label}</span></a>',
        key=item.key,
        score=item.percent,
        label=_("Suggestion, score %(score)s: show the reasons") % {"score": item.percent},
    )


def goal_section(request: HttpRequest, goal: OperationalGoal) -> str:
    can_edit = user_has_role(request.user, EDIT_AGENDAS)
    items = []
    if can_edit:
        items = shown_suggestions(goals=[goal], recommendations=list(Recommendation.objects.order_by("number")))
    context = {
        "goal": goal,
        "items": items,
        "can_edit": can_edit,
        "similar": selectors.goal_similar(goal=goal),
        "here": request.get_full_path(),
    }
    return render_to_string("suggestions/goal_section.html", context, request=request)


def register() -> None:
    extensions.grid_addition_register(grid_addition)
    extensions.goal_section_register(goal_section)
