"""The round's charts: importance and urgency as grouped bars (report figure 2.2),
the prioritisation matrix, and priorities compared across rounds.

Each draw function takes plain data (also the chart's cache key) and a format.

No chart draws its title: the page's heading or caption (and the report's figure caption)
names it, where it is accessible and translated; the image has its alternative text."""

import textwrap

from django.utils.translation import gettext as _

from charts import labels, rendering


def _wrapped(title: str, width: int = 34) -> str:
    """A recommendation's short title (or a round's name) on lines of at most width characters: never cut off."""
    return "\n".join(textwrap.wrap(title, width)) or title


def capped_title(title: str, *, shown: int, total: int) -> str:
    """A chart's caption, saying so when the chart shows only the highest recommendations."""
    if shown >= total:
        return title
    subtitle = _("the %(shown)s with the highest importance plus urgency, of %(total)s")
    return f"{title}: {subtitle % {'shown': shown, 'total': total}}"


MATRIX_SIZE = rendering.Size(7, 6)
COMPARISON_SIZE = rendering.Size(10, 5.5)


def bars_size(row_count: int) -> rendering.Size:
    # Room per recommendation for two bars with their values beside them.
    return rendering.Size(9, 0.6 * row_count + 1.8)


def draw_priority_bars(data: dict, fmt: str) -> bytes:
    """data: {"scale": bool, "rows": [(number, short title, importance, urgency), ...], "total": int}

    total is the number of recommendations in the round; rows may hold only the highest of them."""
    rows = data["rows"]

    def draw(figure):
        axes = figure.add_subplot()
        rendering.style_axes(axes)
        positions = range(len(rows))
        height = 0.38
        labels = [_wrapped(f"{number}. {title}") for number, title, _i, _u in rows]
        importance = axes.barh(
            [p - height / 2 for p in positions],
            [row[2] for row in rows],
            height=height,
            color=rendering.PALETTE["importance"],
            label=_("importance"),
        )
        urgency = axes.barh(
            [p + height / 2 for p in positions],
            [row[3] for row in rows],
            height=height,
            color=rendering.PALETTE["urgency"],
            label=_("urgency"),
            hatch="//",
            edgecolor="white",
        )
        # Each bar carries its value, so the chart reads without the table.
        for bars in (importance, urgency):
            axes.bar_label(
                bars, labels=[rendering.dutch_number(bar.get_width()) for bar in bars], padding=3, fontsize=8
            )
        axes.set_yticks(list(positions), labels)
        axes.invert_yaxis()  # recommendation 1 at the top, as in the report
        axes.grid(False, axis="y")
        if data["scale"]:
            axes.set_xlim(0, 5.5)  # room for the value beside a bar at 5
            axes.set_xticks(range(6))
            axes.set_xlabel(_("Mean score (1 to 5)"))
        else:
            rendering.count_axis(axes.xaxis)
            axes.set_xlim(0, max([value for row in rows for value in row[2:4]] + [1]) * 1.12)
            axes.set_xlabel(_("Number of times chosen"))
        # Above the bars: at the lower right it lay over the last recommendation's longest bar.
        figure.legend(loc="outside upper center", ncols=2, frameon=False)

    return rendering.render(draw, fmt=fmt, size=bars_size(len(rows)))


def draw_matrix(data: dict, fmt: str) -> bytes:
    """data: {"scale": bool, "points": [(number, importance, urgency)], "total": int, "x_line": float, "y_line": float}

    Points that coincide share one marker and one label ("4, 5"); every label is
    placed at the first offset where it overlaps no other label or marker."""
    groups = labels.group_points(data["points"])

    def draw(figure):
        axes = figure.add_subplot()
        rendering.style_axes(axes)
        xs = [x for x, _y in groups] or [0]
        ys = [y for _x, y in groups] or [0]
        upper = 5.4 if data["scale"] else max(max(xs), max(ys), 1) * 1.15 + 0.5
        lower = 0.6 if data["scale"] else -0.5
        axes.set_xlim(lower, upper)
        axes.set_ylim(lower, upper)
        axes.axvline(data["x_line"], color=rendering.PALETTE["muted"], linestyle="--", linewidth=1)
        axes.axhline(data["y_line"], color=rendering.PALETTE["muted"], linestyle="--", linewidth=1)
        axes.scatter(xs, ys, s=60, color=rendering.PALETTE["ink"], zorder=3)
        if not data["scale"]:
            # Times chosen: whole numbers; the axis starts just below 0 for the markers on 0.
            rendering.count_axis(axes.xaxis)
            rendering.count_axis(axes.yaxis)
        unit = _("mean score") if data["scale"] else _("times chosen")
        axes.set_xlabel(_("Importance (%(unit)s)") % {"unit": unit})
        axes.set_ylabel(_("Urgency (%(unit)s)") % {"unit": unit})
        corner = {"fontsize": 8, "color": rendering.PALETTE["muted"], "transform": axes.transAxes}
        axes.text(0.99, 0.99, _("important and urgent"), ha="right", va="top", **corner)
        axes.text(0.01, 0.01, _("less important, less urgent"), ha="left", va="bottom", **corner)
        labels.label_points(figure, axes, groups, color=rendering.PALETTE["ink"])

    return rendering.render(draw, fmt=fmt, size=MATRIX_SIZE)


def _ranks(values: list[float | None]) -> list[int | None]:
    """Competition ranking, 1 the highest; ties share the best place; None stays None."""
    present = sorted((v for v in values if v is not None), reverse=True)
    return [None if v is None else present.index(v) + 1 for v in values]


def draw_comparison(data: dict, fmt: str) -> bytes:
    """data: {"rounds": [name, ...], "rows": [(number, [(importance, urgency) per round])], "total": int}

    Pick shares and mean scores do not share a scale, so the chart shows each
    recommendation's place per round (1 = highest); the table shows the values. When rows
    hold only the highest of total recommendations in the last round, the places are among them."""
    rounds, rows = data["rounds"], data["rows"]
    capped = bool(rounds) and len(rows) < data["total"]

    def draw(figure):
        panels = figure.subplots(1, 2, sharey=True)
        for index, (axes, title) in enumerate(zip(panels, (_("Importance"), _("Urgency")), strict=True)):
            rendering.style_axes(axes)
            per_round = [_ranks([values[r][index] for _number, values in rows]) for r in range(len(rounds))]
            # Each line is labelled with its recommendation's number at both ends, in place of a
            # legend: ten or more lines would make a long legend whose colours repeat.
            ends: dict[tuple[int, int], list[int]] = {}
            starts: dict[tuple[int, int], list[int]] = {}
            for position, (number, _values) in enumerate(rows):
                points = [(r, per_round[r][position]) for r in range(len(rounds)) if per_round[r][position]]
                if not points:
                    continue
                axes.plot([x for x, _y in points], [y for _x, y in points], marker="o", linewidth=1.4)
                ends.setdefault(points[-1], []).append(number)
                if len(points) > 1:
                    starts.setdefault(points[0], []).append(number)
            for labelled, offset, align in ((ends, 6, "left"), (starts, -6, "right")):
                for (x, y), numbers in labelled.items():
                    label = ", ".join(str(n) for n in sorted(numbers))
                    axes.annotate(label, (x, y), xytext=(offset, -3), textcoords="offset points", fontsize=9, ha=align)
            axes.set_xticks(range(len(rounds)), [_wrapped(name, 20) for name in rounds], fontsize=8)
            axes.set_xlim(-0.6 if len(rounds) > 1 else -0.3, max(len(rounds) - 1, 0) + 0.6)
            axes.set_title(title, color=rendering.PALETTE["ink"])
        panels[0].invert_yaxis()  # place 1 at the top
        rendering.count_axis(panels[0].yaxis)
        # The page says above the chart which recommendations a capped chart shows.
        if capped:
            panels[0].set_ylabel(_("Place among the recommendations shown (1 = highest)"))
        else:
            panels[0].set_ylabel(_("Place in the round (1 = highest)"))

    return rendering.render(draw, fmt=fmt, size=COMPARISON_SIZE)
