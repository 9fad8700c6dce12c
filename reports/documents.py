"""Turns a report's content into its three files: the print-ready HTML, the PDF made from that
same HTML by WeasyPrint, and a workbook with every table. The charts are the pages' own draw
functions, embedded as SVG so that they stay vectors in print and PDF."""

import base64
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from charts.responses import CACHE_SECONDS
from coverage import charts as coverage_charts
from monitoring import charts as monitoring_charts
from monitoring.models import Status
from monitoring.tables import NO_STATUS_LABEL
from prioritisation import figures
from prioritisation.selectors import results_highest
from reports.models import Section
from reports.selectors import ReportContent

STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "report.css"
# The files that shape the document: a kept edition is only served again while they are unchanged.
LAYOUT_FILES = [STYLESHEET, *sorted((Path(__file__).resolve().parent / "templates" / "reports").glob("*.html"))]
# As on a round's results page: more bars or labelled points than this are illegible; the tables
# show every recommendation.
CHART_RECOMMENDATIONS = 20
# Up to this many recommendations the annex gives each its own column of marks, as report 001
# does; beyond, the columns would not fit the page and each goal lists its linked numbers.
ANNEX_COLUMNS = 15
# Excel refuses sheet names over 31 characters or with these characters.
SHEET_NAME_LENGTH = 31
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A cell starting with one of these is a formula to a spreadsheet: goal texts are written as text.
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    svg: bytes

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


def layout_version() -> str:
    """A digest of the templates and the stylesheet: a new version of them makes new editions."""
    digest = hashlib.sha256()
    for path in LAYOUT_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _drawn(name: str, draw, data: dict) -> bytes:
    """The chart as SVG, drawn only when these data (its cache key, with the language of its
    labels) were not drawn before: a new edition for a changed commentary draws no chart again."""
    shown = json.dumps([name, translation.get_language(), data], sort_keys=True, default=str)
    key = f"report-chart:{hashlib.sha256(shown.encode()).hexdigest()}"
    svg = cache.get(key)
    if svg is None:
        svg = draw(data, "svg")
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def scope_label(content: ReportContent) -> str:
    parts = [content.agenda.region.name, content.agenda.name]
    if content.theme is not None:
        parts.append(_("focus theme %(theme)s") % {"theme": content.theme.name})
    return ", ".join(parts)


def _coverage_chart(rows) -> bytes:
    data = {
        "rows": [
            {"number": row.number, "short_title": row.short_title, "count": row.linked_goals, "url": None}
            for row in rows
        ],
    }
    return _drawn("coverage", coverage_charts.draw_coverage, data)


def _status_chart(content: ReportContent) -> bytes:
    statuses = [(status, str(label)) for status, label in Status.choices] + [("none", str(NO_STATUS_LABEL))]
    return _drawn(
        "status",
        monitoring_charts.draw_status_overview,
        {
            "xlabel": _("Number of operational goals"),
            "ylabel": _("Theme"),
            "statuses": statuses,
            "themes": [{"theme": row.theme, "counts": row.counts} for row in content.goal_statuses.themes],
        },
    )


def report_charts(content: ReportContent) -> dict[str, Chart]:
    """The report's charts, drawn by the pages' own draw functions from the content's figures."""
    the_round = content.round
    results = content.results
    count = len(results) or 1
    shown = results_highest(results=results, count=CHART_RECOMMENDATIONS)
    charts = {
        "priority_bars": Chart(
            figures.capped_title(
                _("Importance and urgency of the recommendations"), shown=len(shown), total=len(results)
            ),
            _(
                "Bar chart of how often each recommendation was chosen as "
                "important and as urgent; the table below it gives the numbers."
            ),
            _drawn(
                "priority_bars",
                figures.draw_priority_bars,
                {
                    "scale": the_round.uses_scale,
                    "rows": [(r.number, r.short_title, r.importance, r.urgency) for r in shown],
                    "total": len(results),
                },
            ),
        ),
        "matrix": Chart(
            figures.capped_title(_("Prioritisation matrix"), shown=len(shown), total=len(results)),
            _(
                "Each recommendation as a numbered point: "
                "importance across, urgency up; the dashed lines are the means."
            ),
            _drawn(
                "matrix",
                figures.draw_matrix,
                {
                    "scale": the_round.uses_scale,
                    "points": [(r.number, r.importance, r.urgency) for r in shown],
                    "total": len(results),
                    # The lines at the means, as on the round's results page.
                    "x_line": round(sum(r.importance for r in results) / count, 2),
                    "y_line": round(sum(r.urgency for r in results) / count, 2),
                },
            ),
        ),
        "heatmap": Chart(
            _("Linked operational goals per theme and recommendation"),
            _(
                "Heatmap of the themes against the recommendations; each cell gives "
                "the number of linked operational goals, also in the table below it."
            ),
            _drawn(
                "heatmap",
                coverage_charts.draw_heatmap,
                {
                    "numbers": content.heatmap.numbers,
                    "rows": [
                        {"label": f"{row.theme.code} {row.theme.name}", "counts": row.counts}
                        for row in content.heatmap.rows
                    ],
                    "cell_numbers": len(content.heatmap.numbers) <= coverage_charts.CELL_NUMBERS_UP_TO,
                },
            ),
        ),
        "priority_coverage": Chart(
            _("Priority in %(round)s against anchoring in %(agenda)s")
            % {"round": the_round.name, "agenda": content.agenda.name},
            _(
                "Each recommendation as a numbered point: priority across, "
                "anchoring up; its marker shows the reading named in the table below it."
            ),
            _drawn(
                "priority_coverage",
                coverage_charts.draw_priority_coverage,
                {
                    "scale": the_round.uses_scale,
                    "points": [
                        (row.number, row.priority, row.linked_goals, row.reading) for row in content.analysis.rows
                    ],
                    "x_line": content.analysis.priority_median,
                    "y_line": content.analysis.coverage_median,
                },
            ),
        ),
    }
    coverage_alt = _(
        "Bar chart of the number of linked operational goals per recommendation; the table below it gives the numbers."
    )
    title = _("Representation of the recommendations in the operational goals of %(agenda)s") % {
        "agenda": content.agenda.name
    }
    charts["coverage"] = Chart(title, coverage_alt, _coverage_chart(content.coverage))
    if content.focus_coverage is not None:
        title = _("Representation of the recommendations in the operational goals of %(theme)s") % {
            "theme": content.theme.name
        }
        charts["focus"] = Chart(title, coverage_alt, _coverage_chart(content.focus_coverage))
    if content.has_monitoring:
        charts["status"] = Chart(
            _("Latest status of the operational goals per theme"),
            _(
                "Stacked bars per theme: how many operational goals "
                "stand at each status; the table below it gives the numbers."
            ),
            _status_chart(content),
        )
    return charts


def _status_label(status: str | None) -> str:
    return str(Status(status).label) if status else str(NO_STATUS_LABEL)


def _context(content: ReportContent) -> dict:
    return {
        "content": content,
        "scope": scope_label(content),
        "charts": report_charts(content),
        "sections": {section.value: section.label for section in Section},
        "annex_columns": len(content.recommendations) <= ANNEX_COLUMNS,
        "statuses": [(status, label) for status, label in Status.choices] + [("none", NO_STATUS_LABEL)],
        "theme_statuses": [(theme, _status_label(theme.latest_status)) for theme in content.theme_statuses],
        "stylesheet": STYLESHEET.read_text(encoding="utf-8"),
    }


def report_html(content: ReportContent) -> str:
    """The report as one HTML file with its stylesheet and charts inside: it opens and prints anywhere."""
    return render_to_string("reports/document.html", _context(content))


def report_pdf(html: str) -> bytes:
    """The PDF of the report's HTML: fonts embedded, tagged for screen readers, with bookmarks."""
    from weasyprint import HTML  # imported on first use: loading its libraries takes a moment

    return HTML(string=html, base_url=str(STYLESHEET.parent)).write_pdf(pdf_tags=True)


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _sheet_name(name: str, taken: set[str]) -> str:
    name = SHEET_NAME_FORBIDDEN.sub(" ", name)[:SHEET_NAME_LENGTH].strip()
    candidate, number = name, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = name[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def report_tables(content: ReportContent) -> list[tuple[str, list[str], list[list]]]:
    """Every table of the report as (sheet name, columns, rows), in the report's order."""
    as_percent = not content.round.uses_scale

    def agreement(value):
        if value is None:
            return None
        return round(100 * value) if as_percent else value

    tables = [
        (
            _("Recommendations"),
            [_("Recommendation"), _("Short title"), _("Explanation")],
            [[rec.number, rec.short_title, rec.explanation] for rec in content.recommendations],
        ),
        (
            _("Prioritisation"),
            [
                _("Recommendation"),
                _("Short title"),
                _("Importance"),
                _("Urgency"),
                _("Agreement on importance"),
                _("Agreement on urgency"),
            ],
            [
                [
                    r.number,
                    r.short_title,
                    r.importance,
                    r.urgency,
                    agreement(r.agreement.importance),
                    agreement(r.agreement.urgency),
                ]
                for r in content.results
            ],
        ),
        (
            _("Anchoring"),
            [_("Recommendation"), _("Short title"), _("Linked operational goals")],
            [[row.number, row.short_title, row.linked_goals] for row in content.coverage],
        ),
        (
            _("Anchoring per theme"),
            [_("Theme code"), _("Theme"), *[str(number) for number in content.heatmap.numbers]],
            [[row.theme.code, row.theme.name, *row.counts] for row in content.heatmap.rows],
        ),
    ]
    if content.focus_coverage is not None:
        tables.append(
            (
                _("Focus theme"),
                [_("Recommendation"), _("Short title"), _("Linked operational goals")],
                [[row.number, row.short_title, row.linked_goals] for row in content.focus_coverage],
            )
        )
    tables.append(
        (
            _("Priority against anchoring"),
            [
                _("Recommendation"),
                _("Short title"),
                _("Importance"),
                _("Urgency"),
                _("Priority"),
                _("Linked operational goals"),
                _("Reading"),
            ],
            [
                [
                    row.number,
                    row.short_title,
                    row.importance,
                    row.urgency,
                    row.priority,
                    row.linked_goals,
                    row.reading_label,
                ]
                for row in content.analysis.rows
            ],
        )
    )
    if content.has_monitoring:
        tables.append(
            (
                _("Status per theme"),
                [_("Theme"), _("Latest status"), _("Date"), _("Note")],
                [
                    [
                        theme.name,
                        _status_label(theme.latest_status),
                        theme.latest_date,
                        theme.latest_note or "",
                    ]
                    for theme in content.theme_statuses
                ],
            )
        )
        statuses = [(status, label) for status, label in Status.choices] + [("none", NO_STATUS_LABEL)]
        tables.append(
            (
                _("Status of the goals"),
                [_("Theme"), *[str(label) for _status, label in statuses]],
                [
                    [row.theme, *[row.counts[status] for status, _label in statuses]]
                    for row in content.goal_statuses.themes
                ],
            )
        )
        tables.append(
            (
                _("Indicators off track"),
                [
                    _("Operational goal"),
                    _("Indicator"),
                    _("Latest measurement"),
                    _("Unit"),
                    _("Expected"),
                    _("Assessment"),
                ],
                [
                    [
                        indicator.goal.code,
                        indicator.name,
                        indicator.latest_value,
                        indicator.unit,
                        assessment.expected,
                        str(assessment.label),
                    ]
                    for indicator, assessment in content.off_track
                ],
            )
        )
    for annex_theme in content.annex:
        tables.append(
            (
                _("Annex %(code)s") % {"code": annex_theme.theme.code},
                [_("Code"), _("Operational goal"), *[str(rec.number) for rec in content.recommendations]],
                [
                    [goal.code, goal.text, *[_mark(rec.number in goal.numbers) for rec in content.recommendations]]
                    for goal in annex_theme.goals
                ],
            )
        )
    return tables


def _mark(linked: bool) -> str:
    return "x" if linked else ""


def report_xlsx(content: ReportContent) -> bytes:
    """A workbook with one named sheet per table, each headed by the scope, round and date."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    heading = [
        [_("Report"), str(_("Recommendations and their anchoring"))],
        [_("Scope"), scope_label(content)],
        [_("Round"), content.round.name],
        [_("Date"), formats.date_format(content.today, "j F Y")],
        [_("Data version"), content.data_version],
    ]
    for name, columns, rows in report_tables(content):
        sheet = workbook.create_sheet(_sheet_name(str(name), taken))
        for line in heading:
            sheet.append([str(line[0]), line[1]])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append([])
        sheet.append([str(column) for column in columns])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
