"""Renders matplotlib figures to PNG or SVG bytes.

matplotlib is imported on first use: importing it costs about half a second, which
pages without charts should not pay. Only the object-oriented Figure API is used,
so rendering is thread-safe and never touches pyplot's global state."""

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
PALETTE = {
    "importance": "#b34700",  # the report's orange for importance (belang)
    "urgency": "#0b5f72",  # and its blue for urgency (urgentie)
    "coverage": "#0b5f72",
    "ink": "#1d2433",
    "muted": "#4f5b6d",
    "grid": "#d5dae3",
}
DPI = 110


class Size(NamedTuple):
    """A chart's size in inches, as matplotlib takes it."""

    width: float
    height: float

    @property
    def pixels(self) -> tuple[int, int]:
        """The PNG's width and height, as matplotlib rounds them: known before the chart is
        drawn, so a page can give its <img> the right size and nothing shifts when it arrives."""
        return int(self.width * DPI), int(self.height * DPI)


def new_figure(*, size: Size) -> "Figure":
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=DPI, layout="constrained")
    figure.set_facecolor("white")
    return figure


def figure_to_bytes(figure: "Figure", *, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown chart format {fmt!r}")
    buffer = io.BytesIO()
    # Fixed metadata and hash salt make the same data give the same bytes.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    from matplotlib import rc_context

    with rc_context({"svg.hashsalt": "gezondemarke", "svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        figure.savefig(buffer, format=fmt, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def render(draw: Callable[["Figure"], None], *, fmt: str, size: Size) -> bytes:
    """Draw on a fresh figure and return the encoded image."""
    figure = new_figure(size=size)
    draw(figure)
    return figure_to_bytes(figure, fmt=fmt)


def warm_up() -> None:
    """Import matplotlib and load its fonts now, so that the first chart an app server
    draws takes its usual ~150 ms rather than a second more. Called as a worker starts."""
    render(lambda figure: figure.add_subplot().set_title("warm-up"), fmt="png", size=Size(1, 1))


def dutch_number(value: float) -> str:
    """0.5 -> "0,5", 3.0 -> "3": numbers as Dutch readers write them, also on chart axes."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def style_axes(axes) -> None:
    """The house style: light grid behind the data, no top and right frame, Dutch decimals.

    Axes whose ticks are given labels later (recommendations, themes) keep those labels."""
    from matplotlib.ticker import FuncFormatter

    for axis in (axes.xaxis, axes.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda value, _position: dutch_number(value)))
    axes.set_axisbelow(True)
    axes.grid(True, color=PALETTE["grid"], linewidth=0.8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=PALETTE["ink"], labelsize=9)


def count_axis(axis) -> None:
    """An axis of counts (goals, ballots): whole-number ticks only, so that small or all-zero
    data get no tick at 0,5 or -0,04. The caller starts the axis at 0 (or just below it, for
    markers on 0); a whole-number tick below 0 then lies outside the axis."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
