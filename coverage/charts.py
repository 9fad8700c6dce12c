"""The anchoring charts. Each draw function takes the plain data the page shows (which is
also the cache key) and returns PNG or SVG bytes."""

from django.utils.translation import gettext as _

from charts.rendering import PALETTE, render, style_axes

# Region colours for the comparison chart: dark enough for 4.5:1 against white labels' background.
REGION_COLOURS = ["#0b5f72", "#b34700", "#5b3f8c", "#1e6b34"]


def _label(number: int, short_title: str) -> str:
    return f"{number}. {short_title}"


def draw_coverage(data: dict, fmt: str) -> bytes:
    """Horizontal bars, recommendation 1 at the top; each bar links to the filtered goals table."""
    rows = data["rows"]

    def draw(figure):
        axes = figure.subplots()
        style_axes(axes)
        axes.grid(axis="y", visible=False)
        positions = list(range(len(rows)))
        bars = axes.barh(positions, [row["count"] for row in rows], color=PALETTE["coverage"], height=0.65)
        for bar, row in zip(bars, rows, strict=True):
            bar.set_url(row["url"])
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
        axes.invert_yaxis()
        axes.set_xlabel(_("Number of operational goals"), color=PALETTE["ink"])
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_xlim(0, max([row["count"] for row in rows] + [1]) * 1.12)
        figure.suptitle(data["title"], color=PALETTE["ink"], fontsize=12, wrap=True)

    return render(draw, fmt=fmt, width=8.5, height=0.42 * len(rows) + 1.4)


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
        for y, counts in enumerate(values):
            for x, count in enumerate(counts):
                # Dark cells take white text, light cells dark text, so every number reads at 4.5:1.
                ink = "white" if count / highest > 0.55 else PALETTE["ink"]
                axes.text(x, y, str(count), ha="center", va="center", fontsize=9, color=ink)
        axes.set_xticks(range(len(numbers)), [str(number) for number in numbers])
        axes.set_yticks(range(len(rows)), [row["label"] for row in rows])
        axes.set_xlabel(_("Recommendation"), color=PALETTE["ink"])
        axes.tick_params(length=0, labelsize=9, colors=PALETTE["ink"])
        for spine in axes.spines.values():
            spine.set_visible(False)
        colorbar = figure.colorbar(image, ax=axes, shrink=0.8)
        colorbar.set_label(_("Linked operational goals"), color=PALETTE["ink"])
        figure.suptitle(data["title"], color=PALETTE["ink"], fontsize=12, wrap=True)

    return render(draw, fmt=fmt, width=9, height=0.38 * len(rows) + 2)


def draw_comparison(data: dict, fmt: str) -> bytes:
    """Per recommendation one bar per region: the share of the region's goals linked to it."""
    rows, regions = data["rows"], data["regions"]

    def draw(figure):
        axes = figure.subplots()
        style_axes(axes)
        axes.grid(axis="y", visible=False)
        height = 0.8 / max(len(regions), 1)
        for index, region in enumerate(regions):
            positions = [row_index + index * height for row_index in range(len(rows))]
            shares = [row["shares"][index] * 100 for row in rows]
            axes.barh(positions, shares, height=height, label=region, color=REGION_COLOURS[index % len(REGION_COLOURS)])
        middle = height * (len(regions) - 1) / 2
        axes.set_yticks(
            [row_index + middle for row_index in range(len(rows))],
            [_label(row["number"], row["short_title"]) for row in rows],
        )
        axes.invert_yaxis()
        axes.set_xlabel(_("Share of the region's operational goals (%)"), color=PALETTE["ink"])
        axes.legend(frameon=False, loc="lower right")
        figure.suptitle(data["title"], color=PALETTE["ink"], fontsize=12, wrap=True)

    return render(draw, fmt=fmt, width=8.5, height=0.55 * len(rows) + 1.6)
