"""The anchoring charts. Each draw function takes the plain data the page shows (which is
also the cache key) and returns PNG or SVG bytes.

No chart draws its title: the page's heading or caption (and the report's figure caption)
names it, where it is accessible and translated; the image has its alternative text."""

from django.utils.translation import gettext as _

from charts.labels import group_points, label_points
from charts.rendering import PALETTE, Size, count_axis, render, style_axes
from coverage.selectors import Reading

# Region colours for the comparison chart: dark enough for 4.5:1 against white labels' background.
REGION_COLOURS = ["#0b5f72", "#b34700", "#5b3f8c", "#1e6b34"]
# Beyond this many recommendations, bar charts get narrower rows and no numbers at the bars,
# so the image stays quick to draw; the numbers are in the table beside every chart.
ROOMY_ROWS_UP_TO = 20
# A heatmap writes its numbers in the cells up to this many recommendations; beyond, they would
# not fit in their cells and only the shade (and the table beside the chart) tells the count.
CELL_NUMBERS_UP_TO = 25
# Beyond this many recommendations, every fifth gets a label on the heatmap's axis.
LABELLED_COLUMNS_UP_TO = 40


def _label(number: int, short_title: str) -> str:
    return f"{number}. {short_title}"


def _row_height(row_count: int, roomy: float) -> float:
    return roomy if row_count <= ROOMY_ROWS_UP_TO else roomy * 0.6


def coverage_size(row_count: int) -> Size:
    return Size(8.5, _row_height(row_count, 0.42) * row_count + 1.4)


def heatmap_size(row_count: int) -> Size:
    return Size(9, 0.38 * row_count + 2)


def comparison_size(row_count: int) -> Size:
    return Size(8.5, _row_height(row_count, 0.55) * row_count + 1.6)


PRIORITY_COVERAGE_SIZE = Size(7.5, 6.5)


def _tight_rows(axes, rows: list) -> None:
    """matplotlib's 5% margin, but at most half a row, so long charts do not open with a blank band."""
    axes.margins(y=min(0.05, 0.5 / max(len(rows), 1)))


def draw_coverage(data: dict, fmt: str) -> bytes:
    """Horizontal bars, recommendation 1 at the top; each bar links to the filtered goals table."""
    rows = data["rows"]

    def draw(figure):
        axes = figure.subplots()
        style_axes(axes)
        axes.grid(axis="y", visible=False)
        positions = list(range(len(rows)))
        bars = axes.barh(positions, [row["count"] for row in rows], color=PALETTE["coverage"], height=0.65)
        # Beyond ROOMY_ROWS_UP_TO bars the counts stay in the table beside the chart: writing them
        # at every bar would cost a third of the drawing time.
        numbered = len(rows) <= ROOMY_ROWS_UP_TO
        for bar, row in zip(bars, rows, strict=True):
            bar.set_url(row["url"])
            if not numbered:
                continue
            axes.annotate(
                str(row["count"]),
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
                color=PALETTE["ink"],
            )
        axes.set_yticks(positions, [_label(row["number"], row["short_title"]) for row in rows])
        _tight_rows(axes, rows)
        axes.invert_yaxis()
        axes.set_xlabel(_("Number of operational goals"), color=PALETTE["ink"])
        count_axis(axes.xaxis)
        if not numbered:
            axes.tick_params(axis="x", labeltop=True)  # a scale at the top too, as the bars carry no numbers
        axes.set_xlim(0, max([row["count"] for row in rows] + [1]) * 1.12)

    return render(draw, fmt=fmt, size=coverage_size(len(rows)))


def draw_heatmap(data: dict, fmt: str) -> bytes:
    """Themes x recommendations, each cell annotated with its count in a contrasting ink."""
    numbers, rows = data["numbers"], data["rows"]

    def draw(figure):
        from matplotlib import colormaps

        axes = figure.subplots()
        values = [row["counts"] for row in rows]
        highest = max([max(counts, default=0) for counts in values] + [1])
        cmap = colormaps["Blues"]
        image = axes.imshow(values, cmap=cmap, vmin=0, vmax=highest, aspect="auto")
        if data["cell_numbers"]:
            for y, counts in enumerate(values):
                for x, count in enumerate(counts):
                    # Dark cells take white text, light cells dark text, so every number reads at 4.5:1.
                    ink = "white" if count / highest > 0.55 else PALETTE["ink"]
                    axes.text(x, y, str(count), ha="center", va="center", fontsize=9, color=ink)
        step = 1 if len(numbers) <= LABELLED_COLUMNS_UP_TO else 5
        labelled = [index for index, number in enumerate(numbers) if index == 0 or (index + 1) % step == 0]
        axes.set_xticks(labelled, [str(numbers[index]) for index in labelled])
        axes.set_yticks(range(len(rows)), [row["label"] for row in rows])
        axes.set_xlabel(_("Recommendation"), color=PALETTE["ink"])
        axes.tick_params(length=0, labelsize=9, colors=PALETTE["ink"])
        for spine in axes.spines.values():
            spine.set_visible(False)
        colorbar = figure.colorbar(image, ax=axes, shrink=0.8)
        count_axis(colorbar.ax.yaxis)
        colorbar.set_label(_("Linked operational goals"), color=PALETTE["ink"])

    return render(draw, fmt=fmt, size=heatmap_size(len(rows)))


def draw_comparison(data: dict, fmt: str) -> bytes:
    """Per recommendation one bar per region: the share of the region's goals linked to it."""
    rows, regions = data["rows"], data["regions"]

    def draw(figure):
        axes = figure.subplots()
        style_axes(axes)
        axes.grid(axis="y", visible=False)
        from matplotlib.collections import PatchCollection
        from matplotlib.patches import Patch, Rectangle

        height = 0.8 / max(len(regions), 1)
        legend = []
        for index, region in enumerate(regions):
            colour = REGION_COLOURS[index % len(REGION_COLOURS)]
            # One collection per region instead of a bar each: hundreds of bars then draw in a fraction of the time.
            bars = PatchCollection(
                [
                    Rectangle((0, row_index + (index - 0.5) * height), row["shares"][index] * 100, height)
                    for row_index, row in enumerate(rows)
                ],
                facecolor=colour,
                edgecolor="none",
            )
            bars.sticky_edges.x.append(0)
            axes.add_collection(bars)
            legend.append(Patch(facecolor=colour, label=region))
            if len(rows) <= ROOMY_ROWS_UP_TO:  # as draw_coverage: long charts leave the shares to the table
                for row_index, row in enumerate(rows):
                    axes.annotate(
                        f"{round(row['shares'][index] * 100)}%",
                        (row["shares"][index] * 100, row_index + (index - 0.5) * height + height / 2),
                        xytext=(3, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=8,
                        color=PALETTE["ink"],
                    )
        axes.autoscale_view()
        axes.set_xlim(0, max([share * 100 for row in rows for share in row["shares"]] + [1]) * 1.1)
        middle = height * (len(regions) - 1) / 2
        axes.set_yticks(
            [row_index + middle for row_index in range(len(rows))],
            [_label(row["number"], row["short_title"]) for row in rows],
        )
        _tight_rows(axes, rows)
        axes.invert_yaxis()
        axes.set_xlabel(_("Share of the region's operational goals (%)"), color=PALETTE["ink"])
        if len(rows) > ROOMY_ROWS_UP_TO:
            axes.tick_params(axis="x", labeltop=True)  # a scale at the top of a long chart too
        # Above the bars, not over the longest of them.
        figure.legend(handles=legend, loc="outside upper center", ncols=len(regions), frameon=False)

    return render(draw, fmt=fmt, size=comparison_size(len(rows)))


# Each reading has its own marker shape (and colour), so the chart does not rely on colour alone.
READING_MARKERS = {
    Reading.PRIORITY_AHEAD: ("D", PALETTE["importance"]),
    Reading.COVERAGE_AHEAD: ("s", PALETTE["coverage"]),
    Reading.HIGH_BOTH: ("^", PALETTE["ink"]),
    Reading.LOW_BOTH: ("v", PALETTE["ink"]),
    Reading.MIDDLE: ("o", PALETTE["muted"]),
}


def draw_priority_coverage(data: dict, fmt: str) -> bytes:
    """Priority (x) against coverage (y), one numbered point per recommendation, its marker
    showing its reading, dashed lines at the medians. data: {"scale",
    "points": [(number, priority, goals, reading)], "x_line", "y_line"}"""
    groups = group_points((number, x, y) for number, x, y, _reading in data["points"])
    readings = {(x, y): reading for _number, x, y, reading in data["points"]}

    def draw(figure):
        axes = figure.subplots()
        style_axes(axes)
        xs = [x for x, _y in groups] or [0]
        ys = [y for _x, y in groups] or [0]
        axes.set_xlim(-0.04 * max(max(xs), 1), max(max(xs), 1) * 1.12 + 0.2)
        axes.set_ylim(-0.04 * max(max(ys), 1), max(max(ys), 1) * 1.12 + 0.5)
        axes.axvline(data["x_line"], color=PALETTE["muted"], linestyle="--", linewidth=1)
        axes.axhline(data["y_line"], color=PALETTE["muted"], linestyle="--", linewidth=1)
        for reading in Reading.NAMED + (Reading.MIDDLE,):
            points = [point for point in groups if readings[point] == reading]
            if points:
                marker, colour = READING_MARKERS[reading]
                axes.scatter(
                    [x for x, _y in points],
                    [y for _x, y in points],
                    s=70,
                    marker=marker,
                    color=colour,
                    zorder=3,
                    label=str(Reading.LABELS[reading]),
                )
        count_axis(axes.yaxis)
        if not data["scale"]:
            count_axis(axes.xaxis)  # times chosen: whole numbers too
        unit = _("sum of the mean scores") if data["scale"] else _("times chosen")
        axes.set_xlabel(_("Priority: importance + urgency (%(unit)s)") % {"unit": unit}, color=PALETTE["ink"])
        axes.set_ylabel(_("Anchoring: linked operational goals"), color=PALETTE["ink"])
        corner = {"fontsize": 8, "color": PALETTE["muted"], "transform": axes.transAxes}
        axes.text(0.99, 0.99, _("more priority, more anchoring"), ha="right", va="top", **corner)
        axes.text(0.99, 0.01, _("more priority, less anchoring"), ha="right", va="bottom", **corner)
        axes.text(0.01, 0.99, _("less priority, more anchoring"), ha="left", va="top", **corner)
        axes.text(0.01, 0.01, _("less priority, less anchoring"), ha="left", va="bottom", **corner)
        figure.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=8)
        label_points(figure, axes, groups, color=PALETTE["ink"])

    return render(draw, fmt=fmt, size=PRIORITY_COVERAGE_SIZE)
