import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from monitoring.models import Status

STATUS_ICONS = {
    Status.NOT_STARTED: "○",
    Status.ON_TRACK: "●",
    Status.AT_RISK: "▲",
    Status.OFF_TRACK: "■",
    Status.ACHIEVED: "✔",
}
NO_STATUS_LABEL = _("no status yet")


def status_badge(status: str | None) -> str:
    """A traffic light with icon and words, so colour is never the only signal."""
    if not status:
        return format_html('<span class="status status--none">– {}</span>', NO_STATUS_LABEL)
    return format_html(
        '<span class="status status--{}"><span aria-hidden="true">{}</span> {}</span>',
        status,
        STATUS_ICONS[status],
        Status(status).label,
    )


class GoalStatusTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"), accessor="pk", orderable=False)
    text = tables.Column(verbose_name=_("Operational goal"))
    theme = tables.Column(verbose_name=_("Theme"), accessor="group__theme__name", order_by=("group__theme__number",))
    target_year = tables.Column(verbose_name=_("Target year"), default="–")
    latest_status = tables.Column(verbose_name=_("Latest status"), empty_values=())
    latest_date = tables.DateColumn(verbose_name=_("Date"), default="–", format="j-n-Y")
    changed = tables.Column(verbose_name=_("Changed since meeting"), accessor="pk", orderable=False, empty_values=())

    class Meta:
        # Named by its section heading on the dashboard, for screen readers.
        attrs = {"class": "table", "aria-labelledby": "goals-title"}
        template_name = "django_tables2/table.html"
        order_by = ("group__theme__agenda__name",)

    def __init__(self, *args, since=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.since = since
        if since is None:
            self.columns.hide("changed")

    def render_code(self, record):
        url = reverse("monitoring:goal-status", kwargs={"pk": record.pk})
        return format_html('<a class="goal-code" href="{}">{}</a>', url, record.code)

    def render_text(self, value):
        return value if len(value) <= 140 else value[:139] + "…"

    def render_latest_status(self, value):
        return status_badge(value)

    def value_latest_status(self, value):
        return value or ""

    def render_changed(self, record):
        if record.status_then == record.latest_status:
            return _("no")
        return format_html(
            "<strong>{}</strong> ({} {})",
            _("yes"),
            _("was"),
            Status(record.status_then).label if record.status_then else NO_STATUS_LABEL,
        )
