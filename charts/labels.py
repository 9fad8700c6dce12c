"""Numbered point labels that stay readable when points crowd or coincide.

Used by the prioritisation matrix and the priority-against-coverage chart: points at the
same place share one label ("4, 5"), and every label goes to the first offset where it
overlaps no other label or marker."""

# Label offsets tried in turn, in points from the marker, until a label overlaps nothing.
_OFFSETS = [(7, 7), (7, -13), (-15, 7), (-15, -13), (12, -3), (-21, -3), (-3, 12), (-3, -18)]
_OFFSETS += [(dx * 2, dy * 2) for dx, dy in _OFFSETS]


def group_points(points) -> dict[tuple[float, float], list[int]]:
    """(number, x, y) triples to {(x, y): [numbers]}, so coinciding points share a label."""
    groups: dict[tuple[float, float], list[int]] = {}
    for number, x, y in points:
        groups.setdefault((x, y), []).append(number)
    return groups


def label_points(figure, axes, groups: dict[tuple[float, float], list[int]], *, color: str) -> None:
    """Label each group of points with its numbers. Call after everything else is drawn:
    the layout is fixed first, so the label boxes measured here stay where they are."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    figure.set_layout_engine("none")
    renderer = canvas.get_renderer()
    taken = [_marker_box(*axes.transData.transform((x, y))) for x, y in groups]
    for (x, y), numbers in sorted(groups.items(), key=lambda item: (-item[0][1], item[0][0])):
        _place_label(axes, renderer, ", ".join(str(n) for n in sorted(numbers)), (x, y), taken, color)


def _marker_box(px: float, py: float):
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(px - 5, py - 5, px + 5, py + 5)


def _overlaps(box, boxes) -> bool:
    return any(box.overlaps(other) for other in boxes)


def _place_label(axes, renderer, text: str, point: tuple[float, float], taken: list, color: str) -> None:
    axes_box = axes.get_window_extent(renderer)
    for offset in _OFFSETS:
        label = axes.annotate(
            text,
            point,
            xytext=offset,
            textcoords="offset points",
            fontsize=10,
            fontweight="bold",
            fontfamily="DejaVu Sans",
            color=color,
        )
        box = label.get_window_extent(renderer)
        if not _overlaps(box, taken) and axes_box.contains(box.x0, box.y0) and axes_box.contains(box.x1, box.y1):
            taken.append(box)
            return
        label.remove()
    # Crowded beyond every offset: keep the label, with a leader line, further out.
    label = axes.annotate(
        text, point, xytext=(30, 30), textcoords="offset points", fontsize=10, arrowprops={"arrowstyle": "-"}
    )
    taken.append(label.get_window_extent(renderer))
