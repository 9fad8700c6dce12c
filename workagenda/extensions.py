"""Where apps above workagenda add to its pages, without workagenda importing them.

An app registers in its AppConfig.ready(); workagenda's views call what is registered and
place the HTML it returns. Each addition escapes what it renders (it uses templates)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from recommendations.models import Recommendation
from workagenda.models import OperationalGoal, Theme


@dataclass
class GridAddition:
    """What an app adds to the linking grid of one theme and window of recommendations."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (goal id, number) → HTML in the cell
    marked_goals: set[int] = field(default_factory=set)  # goals the filter "only marked goals" keeps
    filter_label: str = ""
    before: str = ""  # HTML above the grid
    after: str = ""  # HTML below the grid (outside its form)


GridAdditionProvider = Callable[[HttpRequest, Theme, list[OperationalGoal], list[Recommendation]], GridAddition]
GoalSection = Callable[[HttpRequest, OperationalGoal], str]

_grid_providers: list[GridAdditionProvider] = []
_goal_sections: list[GoalSection] = []


def grid_addition_register(provider: GridAdditionProvider) -> None:
    if provider not in _grid_providers:
        _grid_providers.append(provider)


def goal_section_register(section: GoalSection) -> None:
    if section not in _goal_sections:
        _goal_sections.append(section)


def grid_additions(
    request: HttpRequest, theme: Theme, goals: list[OperationalGoal], recommendations: list[Recommendation]
) -> list[GridAddition]:
    return [provider(request, theme, goals, recommendations) for provider in _grid_providers]


def goal_sections(request: HttpRequest, goal: OperationalGoal) -> list[str]:
    return [section(request, goal) for section in _goal_sections]
