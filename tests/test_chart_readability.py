"""Every chart the product draws, read as a person reads it: counts on whole-number axes from 0,
a legend beside the data when there is more than one series, no title the page already gives,
dates as dates and theme names as names.

Each chart is drawn through its own draw function; the figure is inspected as it is saved."""

import pytest
from django.utils import translation

from charts import rendering
from coverage import charts as coverage_charts
from coverage.selectors import Reading
from monitoring import charts as monitoring_charts
from monitoring.models import Status
from prioritisation import figures


@pytest.fixture
def drawn(monkeypatch):
    """The figures the draw functions save, in order, drawn as they are saved."""
    figures_saved = []
    save = rendering.figure_to_bytes

    def keep(figure, *, fmt):
        figures_saved.append(figure)
        return save(figure, fmt=fmt)

    monkeypatch.setattr(rendering, "figure_to_bytes", keep)
    return figures_saved


def _ticks(axis) -> list[float]:
    """The ticks the reader sees: those within the axis's limits."""
    low, high = sorted(axis.get_view_interval())
    return [tick for tick in axis.get_majorticklocs() if low - 1e-9 <= tick <= high + 1e-9]


def _counts_ticks(axis) -> list[float]:
    ticks = _ticks(axis)
    assert ticks, "a count axis without any tick"
    assert all(float(tick).is_integer() for tick in ticks), ticks  # no 0,5 goals
    assert min(ticks) >= 0, ticks  # no tick below zero
    return ticks


def _titles(figure) -> list[str]:
    titles = [figure._suptitle.get_text()] if figure._suptitle is not None else []
    for axes in figure.axes:
        titles += [axes.get_title(loc) for loc in ("left", "center", "right") if axes.get_title(loc)]
    return titles


def _coverage(counts):
    rows = [{"number": n, "short_title": f"Aanbeveling {n}", "count": c, "url": None} for n, c in enumerate(counts, 1)]
    return {"title": "Verankering per aanbeveling", "rows": rows}


def _overview(counts_per_theme):
    statuses = [(status, str(label)) for status, label in Status.choices] + [("none", "nog geen status")]
    themes = [
        {"theme": name, "counts": {status: counts.get(status, 0) for status, _label in statuses}}
        for name, counts in counts_per_theme.items()
    ]
    return {"xlabel": "Aantal doelen", "ylabel": "Thema", "statuses": statuses, "themes": themes}


def _priority_points(points, *, scale=False):
    return {
        "title": "Prioriteit tegen verankering",
        "scale": scale,
        "points": [(n, x, y, Reading.MIDDLE) for n, x, y in points],
        "x_line": 0,
        "y_line": 0,
    }


def _trend(measurements, *, baseline=None, path=()):
    return {
        "xlabel": "Datum",
        "ylabel": "%",
        "target": 25.0,
        "baseline": baseline,
        "path": list(path),
        "measurements": measurements,
        "labels": {
            "path": "Rechte lijn",
            "target": "Doel",
            "baseline": "Nulmeting",
            "measurements": "Metingen",
            "empty": "Nog geen metingen",
        },
    }


# Counts: whole numbers from 0, also when every count is 0 or the counts are small.


@pytest.mark.parametrize("counts", [[0, 0, 0], [1, 0, 1], [1, 2]])
def test_anchoring_bars_count_in_whole_goals_from_zero(drawn, counts):
    coverage_charts.draw_coverage(_coverage(counts), "svg")
    _counts_ticks(drawn[0].axes[0].xaxis)


@pytest.mark.parametrize("counts", [{"A": {}, "B": {}}, {"A": {"none": 1}}, {"A": {Status.ON_TRACK: 1}, "B": {}}])
def test_status_overview_counts_in_whole_goals_from_zero(drawn, counts):
    monitoring_charts.draw_status_overview(_overview(counts), "svg")
    assert _counts_ticks(drawn[0].axes[0].xaxis)[0] == 0


@pytest.mark.parametrize("rows", [[(1, "Eén", 0, 0), (2, "Twee", 0, 0)], [(1, "Eén", 1, 0)]])
def test_picked_round_bars_count_in_whole_ballots_from_zero(drawn, rows):
    figures.draw_priority_bars({"scale": False, "rows": rows, "total": len(rows)}, "svg")
    _counts_ticks(drawn[0].axes[0].xaxis)


@pytest.mark.parametrize("points", [[(1, 0, 0), (2, 0, 0)], [(1, 1, 0), (2, 0, 1)], [(1, 2, 1)]])
def test_matrix_of_picks_counts_in_whole_ballots_from_zero(drawn, points):
    figures.draw_matrix({"scale": False, "points": points, "total": 2, "x_line": 0.5, "y_line": 0.5}, "svg")
    axes = drawn[0].axes[0]
    _counts_ticks(axes.xaxis)
    _counts_ticks(axes.yaxis)


@pytest.mark.parametrize("points", [[(1, 0, 0), (2, 0, 0)], [(1, 1, 0), (2, 2, 1)]])
def test_priority_against_anchoring_counts_picks_and_goals_in_whole_numbers(drawn, points):
    coverage_charts.draw_priority_coverage(_priority_points(points), "svg")
    axes = drawn[0].axes[0]
    _counts_ticks(axes.xaxis)
    _counts_ticks(axes.yaxis)


def test_heatmap_scale_counts_in_whole_goals_from_zero(drawn):
    coverage_charts.draw_heatmap(
        {"numbers": [1, 2], "rows": [{"label": "A", "counts": [0, 1]}], "cell_numbers": True}, "svg"
    )
    colorbar = drawn[0].axes[1]
    _counts_ticks(colorbar.yaxis)


def test_no_count_chart_shows_a_minus_sign():
    """As a reader of the image sees it: no tick label "−0,04" or "−1" on any count chart."""
    svgs = [
        coverage_charts.draw_coverage(_coverage([0, 0]), "svg"),
        monitoring_charts.draw_status_overview(_overview({"A": {}}), "svg"),
        figures.draw_priority_bars({"scale": False, "rows": [(1, "Eén", 0, 0)], "total": 1}, "svg"),
        figures.draw_matrix({"scale": False, "points": [(1, 0, 0)], "total": 1, "x_line": 0, "y_line": 0}, "svg"),
        coverage_charts.draw_priority_coverage(_priority_points([(1, 0, 0)]), "svg"),
    ]
    for svg in svgs:
        assert "−" not in svg.decode() and ">-" not in svg.decode()


# Legends: every chart with more than one series names them, beside the data rather than over it.


def _legend_beside_the_data(figure):
    legends = figure.legends + [axes.get_legend() for axes in figure.axes if axes.get_legend()]
    assert len(legends) == 1
    renderer = figure._get_renderer()
    legend_box = legends[0].get_window_extent(renderer)
    for axes in figure.axes:
        assert not legend_box.overlaps(axes.get_window_extent(renderer)), "the legend lies over the data"
    return [text.get_text() for text in legends[0].get_texts()]


def test_importance_and_urgency_bars_have_a_legend_beside_the_bars(drawn):
    rows = [(1, "Eén", 5, 5), (2, "Twee", 5, 5)]
    with translation.override("nl"):
        figures.draw_priority_bars({"scale": True, "rows": rows, "total": 2}, "svg")
    assert _legend_beside_the_data(drawn[0]) == ["belang", "urgentie"]


def test_regions_compared_have_a_legend_beside_the_bars(drawn):
    rows = [{"number": n, "short_title": f"Aanbeveling {n}", "shares": [0.3, 0.5]} for n in (1, 2)]
    coverage_charts.draw_comparison({"rows": rows, "regions": ["Drenthe", "IJssel-Vecht"]}, "svg")
    assert _legend_beside_the_data(drawn[0]) == ["Drenthe", "IJssel-Vecht"]


def test_regions_compared_show_each_share_at_its_bar():
    rows = [{"number": 1, "short_title": "Eén", "shares": [0.125, 0.5]}]
    svg = coverage_charts.draw_comparison({"rows": rows, "regions": ["Drenthe", "IJssel-Vecht"]}, "svg").decode()
    assert ">12%<" in svg and ">50%<" in svg


def test_status_overview_has_a_legend_beside_the_bars(drawn):
    monitoring_charts.draw_status_overview(_overview({"A": {Status.ON_TRACK: 2}}), "svg")
    assert len(_legend_beside_the_data(drawn[0])) == 6  # the five statuses and "no status yet"


def test_indicator_trend_has_a_legend_beside_the_lines(drawn):
    measurements = [("2025-01-01", 6.0), ("2025-06-01", 24.0), ("2025-12-01", 26.0)]
    monitoring_charts.draw_indicator_trend(_trend(measurements, baseline=("2024-12-01", 5.0)), "svg")
    assert _legend_beside_the_data(drawn[0]) == ["Doel", "Nulmeting", "Metingen"]


def test_priority_against_anchoring_has_a_legend_of_its_readings_beside_the_points(drawn):
    data = _priority_points([(1, 1, 0), (2, 2, 1)])
    data["points"][1] = (2, 2, 1, Reading.HIGH_BOTH)
    coverage_charts.draw_priority_coverage(data, "svg")
    assert len(_legend_beside_the_data(drawn[0])) == 2


# Titles: the page's heading or caption names each chart; the image does not say it again.


def test_no_chart_draws_the_title_its_page_or_report_gives_it(drawn):
    coverage_charts.draw_coverage(_coverage([1, 2]), "svg")
    coverage_charts.draw_heatmap(
        {"title": "Heatmap", "numbers": [1], "rows": [{"label": "A", "counts": [1]}], "cell_numbers": True}, "svg"
    )
    coverage_charts.draw_comparison(
        {"title": "Regio's", "rows": [{"number": 1, "short_title": "Eén", "shares": [0.1]}], "regions": ["Drenthe"]},
        "svg",
    )
    coverage_charts.draw_priority_coverage(_priority_points([(1, 1, 1)]), "svg")
    monitoring_charts.draw_status_overview(_overview({"A": {Status.ON_TRACK: 1}}), "svg")
    monitoring_charts.draw_indicator_trend(_trend([("2025-01-01", 6.0)]), "svg")
    figures.draw_priority_bars({"scale": True, "rows": [(1, "Eén", 3.0, 2.0)], "total": 1}, "svg")
    figures.draw_matrix({"scale": True, "points": [(1, 3.0, 2.0)], "total": 1, "x_line": 3, "y_line": 3}, "svg")
    assert [_titles(figure) for figure in drawn] == [[]] * 8


def test_rounds_compared_keep_only_the_names_of_their_two_panels(drawn):
    data = {"rounds": ["2024", "2026"], "rows": [(1, [(3, 2), (4.0, 3.5)]), (2, [(1, 1), (2.0, 4.0)])], "total": 2}
    with translation.override("nl"):
        figures.draw_comparison(data, "svg")
    assert _titles(drawn[0]) == ["Belang", "Urgentie"]


def test_rounds_compared_label_each_line_at_both_ends(drawn):
    data = {"rounds": ["2024", "2026"], "rows": [(1, [(3, 2), (1.0, 3.5)]), (2, [(1, 1), (2.0, 4.0)])], "total": 2}
    figures.draw_comparison(data, "svg")
    for panel in drawn[0].axes:
        labels = sorted((text.get_text(), text.xy[0]) for text in panel.texts)
        assert labels == [("1", 0), ("1", 1), ("2", 0), ("2", 1)]  # each number at the first and the last round


# What the axes say.


def test_rounds_compared_name_their_rounds_whole(drawn):
    name = "Prioritering programmateam 2024 (demo)"
    figures.draw_comparison({"rounds": [name, "Schaal 2026"], "rows": [(1, [(3, 2), (4.0, 3.5)])], "total": 1}, "svg")
    labels = [label.get_text().replace("\n", " ") for label in drawn[0].axes[0].get_xticklabels()]
    assert labels == [name, "Schaal 2026"]


def test_status_overview_names_its_themes(drawn):
    svg = monitoring_charts.draw_status_overview(_overview({"Mentale gezondheid": {}, "Ouderenzorg": {}}), "svg")
    assert "Mentale gezondheid" in svg.decode() and "Ouderenzorg" in svg.decode()
    heights = {label.get_text(): label.get_position()[1] for label in drawn[0].axes[0].get_yticklabels()}
    assert heights["Mentale gezondheid"] > heights["Ouderenzorg"]  # the first theme at the top


def test_status_overview_wraps_long_theme_names_whole_and_between_words(drawn):
    name = "Digitalisering (Regioplan IJssel-Vecht: coalities)"
    monitoring_charts.draw_status_overview(_overview({name: {}}), "svg")
    (label,) = [label.get_text() for label in drawn[0].axes[0].get_yticklabels()]
    assert label.replace("\n", " ") == name and "IJssel-Vecht" in label


def test_indicator_trend_dates_its_measurements():
    svg = monitoring_charts.draw_indicator_trend(_trend([("2025-01-01", 6.0), ("2025-12-01", 9.0)]), "svg").decode()
    assert "2025" in svg
    assert "20089" not in svg  # 1 January 2025 as matplotlib counts days, not as a reader does
