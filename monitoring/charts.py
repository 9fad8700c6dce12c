"""The monitoring charts: the traffic-light overview and an indicator's trend against its target."""

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
        from matplotlib.ticker import MaxNLocator

        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_yticks(positions, [row["theme"] for row in themes])
        axes.set_xlabel(data["xlabel"])
        axes.set_ylabel(data["ylabel"])
        # A long title (a capped overview says how many themes it shows) wraps instead of being cut off.
        axes.set_title(textwrap.fill(data["title"], 55), color=rendering.PALETTE["ink"])
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3, fontsize=8, frameon=False)
        rendering.style_axes(axes)

    return rendering.render(draw, fmt=fmt, size=overview_size(len(themes)))


def draw_indicator_trend(data: dict, fmt: str) -> bytes:
    """Measurements over time, with the baseline, the straight path and the target line."""
    import datetime

    def as_date(text):
        return datetime.date.fromisoformat(text)

    def draw(figure):
        axes = figure.add_subplot()
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
        axes.set_title(data["title"], color=rendering.PALETTE["ink"])
        axes.set_xlabel(data["xlabel"])
        axes.set_ylabel(data["ylabel"])
        axes.legend(loc="best", fontsize=8)
        rendering.style_axes(axes)
        figure.autofmt_xdate()

    return rendering.render(draw, fmt=fmt, size=TREND_SIZE)
