import django_filters
from django.utils.translation import gettext_lazy as _

from prioritisation.models import Round
from prioritisation.selectors import round_latest_closed, round_list_results_visible
from workagenda.filters import GoalScopeFilter
from workagenda.models import OperationalGoal


class PriorityCoverageFilter(GoalScopeFilter):
    """A prioritisation round (empty: the most recently closed one) and the coverage filters."""

    ronde = django_filters.ModelChoiceFilter(
        label=_("Prioritisation round"),
        queryset=Round.objects.order_by("-opens_at", "name"),
        empty_label=_("Most recently closed round"),
        method="keep",
    )

    class Meta:
        model = OperationalGoal
        fields: list[str] = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only rounds whose tallies this user may see: a round's results setting binds
        # managers and policy advisors as well.
        visible = [r.pk for r in round_list_results_visible(user=user)]
        self.filters["ronde"].queryset = Round.objects.filter(pk__in=visible).order_by("-opens_at", "name")
        # The round first: it is the main choice on the page.
        self.filters = {"ronde": self.filters.pop("ronde"), **self.filters}

    @property
    def round(self) -> Round | None:
        chosen = self.form.cleaned_data.get("ronde") if self.is_bound and self.form.is_valid() else None
        return chosen or round_latest_closed()
