from operator import attrgetter

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from recommendations.models import Recommendation
from regioplan.models import Region
from workagenda.models import Agenda, OperationalGoal, Theme
from workagenda.selectors import GoalScope, operational_goal_list, operational_goal_target_years

# A dropdown lists at most this many agendas, themes or recommendations; beyond it, choosing a
# region (or an agenda) first narrows the list, so a page never sends hundreds of options.
CHOICES_LIMIT = 50
CHOOSE_REGION_FIRST = _("Choose a region first")
RECOMMENDATION_NUMBER = _("Number of a linked recommendation")


ALL_YEARS = _("All years")


def _target_years() -> list[tuple[int | str, int | str]]:
    return [("", ALL_YEARS), *((year, year) for year in operational_goal_target_years())]


def offer_at_most(field, options: QuerySet, *, chosen, value_of=attrgetter("pk")) -> bool:
    """Offer at most CHOICES_LIMIT of options in the field's dropdown, or none when there are
    more, and always the chosen one. Returns whether there were too many, so that the caller
    can say how to narrow them; any valid choice is still accepted, the list only shows less."""
    shown = list(options[: CHOICES_LIMIT + 1])
    too_many = len(shown) > CHOICES_LIMIT
    if too_many:
        shown = []
    if chosen is not None and chosen not in shown:
        shown.insert(0, chosen)
    field.widget.choices = [
        ("", field.empty_label),
        *((value_of(option), field.label_from_instance(option)) for option in shown),
    ]
    return too_many


def _limit_options(form, name: str, options: QuerySet, *, value_of) -> None:
    """offer_at_most, with the request to choose a region in place of the empty choice."""
    field = form.fields[name]
    chosen = form.cleaned_data.get(name) if form.is_bound and not form.errors.get(name) else None
    if offer_at_most(field, options, chosen=chosen, value_of=value_of):
        field.widget.choices[0] = ("", CHOOSE_REGION_FIRST)


class GoalScopeFilter(django_filters.FilterSet):
    """Region, agenda, theme and target year: the filters every dashboard offers.

    Filtering itself is done by selectors.operational_goal_list, which the export
    commands call too, so a page and a command with the same filters agree."""

    regio = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        method="keep",
        empty_label=_("All regions"),
    )
    agenda = django_filters.ModelChoiceFilter(
        label=_("Agenda"),
        queryset=Agenda.objects.order_by("name"),
        to_field_name="slug",
        method="keep",
        empty_label=_("All agendas"),
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.select_related("agenda"), method="keep", empty_label=_("All themes")
    )
    doeljaar = django_filters.TypedChoiceFilter(
        label=_("Target year"), choices=_target_years, coerce=int, method="keep"
    )

    @property
    def form(self):
        if not hasattr(self, "_form"):
            self._narrow_choices(super().form)
        return self._form

    def _narrow_choices(self, form) -> None:
        """Offer the agendas of the chosen region and the themes of the chosen agenda or region.

        Only the options shown are narrowed: any agenda or theme is still accepted, so links
        from other pages keep working. A list longer than CHOICES_LIMIT asks to choose first."""
        region = self.data.get("regio") or ""
        agenda = self.data.get("agenda") or ""
        agendas = Agenda.objects.order_by("name")
        themes = Theme.objects.select_related("agenda")
        if region:
            agendas = agendas.filter(region__slug=region)
            themes = themes.filter(agenda__region__slug=region)
        if agenda:
            themes = themes.filter(agenda__slug=agenda)
        _limit_options(form, "agenda", agendas, value_of=lambda agenda: agenda.slug)
        _limit_options(form, "thema", themes, value_of=lambda theme: theme.pk)
        years = form.fields["doeljaar"]
        years.choices = list(years.choices)  # one query, not one per use of the choices

    def keep(self, queryset, name, value):
        return queryset  # filter_queryset applies the whole scope at once

    @property
    def scope(self) -> GoalScope:
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return GoalScope(
            region=data.get("regio"),
            agenda=data.get("agenda"),
            theme=data.get("thema"),
            target_year=data.get("doeljaar") or None,
            recommendation=data.get("aanbeveling"),
            without_links=bool(data.get("zonder")),
            search=data.get("zoek") or "",
        )

    def filter_queryset(self, queryset):
        return operational_goal_list(scope=self.scope, goals=queryset)

    @property
    def scope_params(self) -> dict[str, str | int | None]:
        """The valid region, agenda, theme and target year, by their URL parameter; None where not chosen."""
        scope = self.scope
        return {
            "regio": scope.region and scope.region.slug,
            "agenda": scope.agenda and scope.agenda.slug,
            "thema": scope.theme and scope.theme.pk,
            "doeljaar": scope.target_year,
        }

    @property
    def scope_query(self) -> str:
        """The scope as URL parameters, for the links that open the same selection on the
        anchoring dashboards, the goals table and monitoring."""
        return urlencode({name: value for name, value in self.scope_params.items() if value})


class GoalFilter(GoalScopeFilter):
    aanbeveling = django_filters.ModelChoiceFilter(
        label=_("Linked recommendation"),
        queryset=Recommendation.objects.order_by("number"),
        to_field_name="number",
        method="keep",
        empty_label=_("All recommendations"),
    )
    zonder = django_filters.BooleanFilter(
        label=_("Only goals without any link"), widget=forms.CheckboxInput, method="keep"
    )
    zoek = django_filters.CharFilter(label=_("Search in code and text"), method="keep")

    def _narrow_choices(self, form) -> None:
        field = form.fields["aanbeveling"]
        recommendations = list(field.queryset[: CHOICES_LIMIT + 1])
        if len(recommendations) > CHOICES_LIMIT:
            # Too many to pick from a list: the number is typed instead.
            field.widget = forms.NumberInput(attrs={"min": 1})
            field.label = RECOMMENDATION_NUMBER
        else:
            field.widget.choices = [("", field.empty_label), *((r.number, str(r)) for r in recommendations)]
        super()._narrow_choices(form)  # last: validating the form there fixes the labels shown

    class Meta:
        model = OperationalGoal
        fields: list[str] = []
