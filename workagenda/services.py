"""Writes to agendas, themes and operational goals."""

from workagenda.models import OperationalGoal
from workagenda.target_years import target_year_from_text


def operational_goal_fill_target_year(*, goal: OperationalGoal) -> OperationalGoal:
    """Take the deadline from the text when nobody entered a target year."""
    if goal.target_year is None:
        goal.target_year = target_year_from_text(goal.text)
    return goal
