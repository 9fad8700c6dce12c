import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from workagenda.models import OperationalGoal

CODE_ORDER = ("group__theme__agenda__name", "group__theme__number", "group__number", "letter")


class GoalTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"), accessor="pk", order_by=CODE_ORDER, linkify=True)
    text = tables.Column(verbose_name=_("Operational goal"))
    theme = tables.Column(verbose_name=_("Theme"), accessor="group__theme__name", order_by=CODE_ORDER)
    agenda = tables.Column(verbose_name=_("Agenda"), accessor="group__theme__agenda__name")
    region = tables.Column(verbose_name=_("Region"), accessor="group__theme__agenda__region__name")
    target_year = tables.Column(verbose_name=_("Target year"))
    recommendations = tables.Column(
        verbose_name=_("Linked recommendations"), accessor="pk", orderable=False, empty_values=()
    )

    class Meta:
        model = OperationalGoal
        fields = ["code", "text", "theme", "agenda", "region", "target_year", "recommendations"]
        # Named by the page heading: a screen reader announces which table it enters.
        attrs = {"class": "table", "aria-labelledby": "goals-heading"}
        order_by = "code"
        empty_text = _("No operational goals match these filters.")

    def render_code(self, record) -> str:
        return record.code

    def render_recommendations(self, record):
        numbers = [link.recommendation for link in record.links.all()]
        return (
            format_html_join(
                ", ",
                '<a href="{}" title="{}">{}</a>',
                ((r.get_absolute_url(), r.short_title, r.number) for r in numbers),
            )
            or "–"
        )

    def value_recommendations(self, record) -> str:
        return ", ".join(str(link.recommendation.number) for link in record.links.all())

    def value_code(self, record) -> str:
        return record.code


class RecommendationMarkColumn(tables.Column):
    """One annex column: an x where the goal is linked to this recommendation."""

    def __init__(self, number: int, **kwargs):
        self.number = number
        super().__init__(verbose_name=str(number), accessor="pk", orderable=False, empty_values=(), **kwargs)

    def render(self, record) -> str:
        return "x" if any(link.recommendation.number == self.number for link in record.links.all()) else ""


class AnnexTable(tables.Table):
    """The annex form of 001: code and text with a column per recommendation."""

    code = tables.Column(verbose_name=_("Code"), accessor="pk", order_by=CODE_ORDER)
    text = tables.Column(verbose_name=_("Operational goal"))

    class Meta:
        model = OperationalGoal
        fields = ["code", "text"]
        order_by = "code"

    def __init__(self, *args, numbers: list[int], **kwargs):
        extra = [(f"aanbeveling_{number}", RecommendationMarkColumn(number)) for number in numbers]
        super().__init__(*args, extra_columns=extra, **kwargs)

    def render_code(self, record) -> str:
        return record.code
