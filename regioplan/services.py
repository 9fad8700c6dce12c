"""Writes to the regional work agenda per year."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from regioplan.models import AgendaItem
from workagenda.models import Agenda, OperationalGoal, Theme

THEME_OF_OTHER_AGENDA = _("Choose a coalition or theme of this agenda.")
GOAL_OF_OTHER_THEME = _("Choose an operational goal of the chosen coalition or theme.")


def _agenda_item_validate(*, item: AgendaItem) -> None:
    errors = {}
    if item.theme is not None and item.theme.agenda_id != item.agenda_id:
        errors["theme"] = THEME_OF_OTHER_AGENDA
    goal = item.operational_goal
    if goal is not None:
        goal_theme = goal.group.theme
        if goal_theme.agenda_id != item.agenda_id or (item.theme is not None and goal_theme.pk != item.theme_id):
            errors["operational_goal"] = GOAL_OF_OTHER_THEME
    if errors:
        raise ValidationError(errors)
    item.full_clean()


def _next_position(*, agenda: Agenda, theme: Theme | None, year: int) -> int:
    existing = AgendaItem.objects.filter(agenda=agenda, theme=theme, year=year).order_by("-position").first()
    return existing.position + 1 if existing else 1


@transaction.atomic
def agenda_item_create(
    *, agenda: Agenda, theme: Theme | None, year: int, text: str, operational_goal: OperationalGoal | None = None
) -> AgendaItem:
    item = AgendaItem(agenda=agenda, theme=theme, year=year, text=text.strip(), operational_goal=operational_goal)
    item.position = _next_position(agenda=agenda, theme=theme, year=year) if year else 1
    _agenda_item_validate(item=item)
    item.save()
    return item


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, theme: Theme | None, year: int, text: str, operational_goal: OperationalGoal | None = None
) -> AgendaItem:
    item.theme, item.year, item.text, item.operational_goal = theme, year, text.strip(), operational_goal
    _agenda_item_validate(item=item)
    item.save()
    return item


def agenda_item_delete(*, item: AgendaItem) -> None:
    item.delete()
