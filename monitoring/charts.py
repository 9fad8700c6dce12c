"""The monitoring charts: the traffic-light overview and an indicator's trend against its target.

Neither draws a title: the page's heading or caption (and the report's figure caption) names
the chart; the image has its alternative text."""

import textwrap

from charts import rendering
from monitoring.models import Status

# Colours with enough contrast on white, each status also with its own hatch and label.
STATUS_STYLE = {
    Status.NOT_STARTED: ("#6b7280", ""),
    Status.ON_TRACK: ("#1e6b34", ""),
    Status.AT_RISK: ("#b35c00", "//"),
    Status.OFF_TRACK: ("#a3171b", "xx"),
    Status.ACHIEVED: ("#0b5f72", ".."),
    "none": ("#ffffff", ""),
}


TREND_SIZE = rendering.Size(8, 4.5)


def overview_size(theme_count: int) -> rendering.Size:
    return rendering.Size(9, max(3.5, 1.6 + 0.42 * theme_count))


def draw_status_overview(data: dict, fmt: str) -> bytes:
    """Stacked horizontal bars: per theme the number of goals at each latest status."""
    themes = data["themes"]

    def draw(figure):
        axes = figure.add_subplot()
        # First: the house style's number formatter would otherwise replace the theme names.
        rendering.style_axes(axes)
        lefts = [0] * len(themes)
        positions = list(range(len(themes)))[::-1]
        for status, label in data["statuses"]:
            values = [row["counts"][status] for row in themes]
            colour, hatch = STATUS_STYLE[status]
            bars = axes.barh(
                positions,
                values,
                left=lefts,
                color=colour,
                hatch=hatch,
                edgecolor=rendering.PALETTE["ink"],
                linewidth=0.6,
                label=label,
            )
            for bar, value in zip(bars, values, strict=True):
                if value:
                    text_colour = rendering.PALETTE["ink"] if status == "none" else "white"
                    axes.text(
                        bar.get_x() + bar.get_width() / 2,
                        bar.get_y() + bar.get_height() / 2,
                        str(value),
                        ha="center",
                        va="center",
                        fontsize=8,
                        color=text_colour,
                        bbox={"facecolor": colour, "edgecolor": "none", "pad": 0.5},
                    )
            lefts = [left + value for left, value in zip(lefts, values, strict=True)]
        rendering.count_axis(axes.xaxis)
        # From 0, and to at least 1: themes without goals would otherwise get ticks at 0,01.
        axes.set_xlim(0, max(lefts + [1]) * 1.05)
        # Theme names (with their agenda) on lines of at most 36 characters, never cut off.
        axes.set_yticks(positions, [textwrap.fill(row["theme"], 36, break_on_hyphens=False) for row in themes])
        axes.set_xlabel(data["xlabel"])
        axes.set_ylabel(data["ylabel"])
        figure.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)

    return rendering.render(draw, fmt=fmt, size=overview_size(len(themes)))


def draw_indicator_trend(data: dict, fmt: str) -> bytes:
    """Measurements over time, with the baseline, the straight path and the target line."""
    import datetime

    def as_date(text):
        return datetime.date.fromisoformat(text)

    def draw(figure):
        axes = figure.add_subplot()
        rendering.style_axes(axes)
        if data["path"]:
            axes.plot(
                [as_date(d) for d, _ in data["path"]],
                [v for _, v in data["path"]],
                linestyle="--",
                color=rendering.PALETTE["muted"],
                label=data["labels"]["path"],
            )
        axes.axhline(
            data["target"],
            color=rendering.PALETTE["importance"],
            linestyle=":",
            linewidth=2,
            label=data["labels"]["target"],
        )
        if data["baseline"] is not None:
            axes.plot(
                [as_date(data["baseline"][0])],
                [data["baseline"][1]],
                marker="s",
                markersize=8,
                linestyle="none",
                color=rendering.PALETTE["muted"],
                label=data["labels"]["baseline"],
            )
        if data["measurements"]:
            axes.plot(
                [as_date(d) for d, _ in data["measurements"]],
                [v for _, v in data["measurements"]],
                marker="o",
                color=rendering.PALETTE["coverage"],
                label=data["labels"]["measurements"],
            )
        else:
            axes.text(
                0.5,
                0.5,
                data["labels"]["empty"],
                transform=axes.transAxes,
                ha="center",
                va="center",
                color=rendering.PALETTE["muted"],
            )
        # Dates as the page writes them; the house style's number formatter would show day numbers.
        from matplotlib.dates import DateFormatter

        axes.xaxis.set_major_formatter(DateFormatter("%d-%m-%Y"))
        axes.set_xlabel(data["xlabel"])
        axes.set_ylabel(data["ylabel"])
        # Below the chart: inside, it would lie over the measurements or the target line.
        figure.legend(loc="outside lower center", ncols=4, fontsize=8, frameon=False)
        figure.autofmt_xdate()

    return rendering.render(draw, fmt=fmt, size=TREND_SIZE)
