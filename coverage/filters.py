import django_filters
from django.utils.translation import gettext_lazy as _

from prioritisation.models import Round
from prioritisation.selectors import round_latest_closed
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The round first: it is the main choice on the page.
        self.filters = {"ronde": self.filters.pop("ronde"), **self.filters}

    @property
    def round(self) -> Round | None:
        chosen = self.form.cleaned_data.get("ronde") if self.is_bound and self.form.is_valid() else None
        return chosen or round_latest_closed()
