import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class RoundResultsTable(tables.Table):
    """The round's numbers per recommendation; exported as CSV and XLSX."""

    number = tables.Column(verbose_name=_("Number"), attrs={"td": {"class": "num"}, "th": {"scope": "col"}})
    short_title = tables.Column(verbose_name=_("Recommendation"), attrs={"th": {"scope": "col"}})
    importance = tables.Column(verbose_name=_("Importance"), attrs={"td": {"class": "num"}, "th": {"scope": "col"}})
    urgency = tables.Column(verbose_name=_("Urgency"), attrs={"td": {"class": "num"}, "th": {"scope": "col"}})
    importance_agreement = tables.Column(
        verbose_name=_("Agreement on importance"), attrs={"td": {"class": "num"}, "th": {"scope": "col"}}
    )
    urgency_agreement = tables.Column(
        verbose_name=_("Agreement on urgency"), attrs={"td": {"class": "num"}, "th": {"scope": "col"}}
    )

    class Meta:
        attrs = {"class": "table"}
        orderable = False
        template_name = "prioritisation/results_table.html"
