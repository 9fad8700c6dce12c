"""The <img> of a chart: at the current data version, with its size, and smaller copies for phones."""

from django import template
from django.utils.html import format_html

from charts.rendering import Size
from charts.responses import NARROW_WIDTHS, chart_url

register = template.Library()


@register.simple_tag
def chart_image(
    url: str, *, version: str, size: Size, alt: str, query: str = "", css_class: str = "chart", lazy: bool = False
):
    """url is the chart's URL without a query; query says what it shows (filters, page).

    Width and height reserve the chart's place before it arrives, so the page does not jump.
    A PNG chart also offers narrower copies (srcset): a phone loads one that fits its screen.
    The first chart of a page loads at once (it is what a reader sees first); lower ones when
    they come near the screen (lazy)."""
    width, height = size.pixels
    src = chart_url(url, query=query, version=version)
    srcset = sizes = None
    if url.endswith(".png"):
        narrower = [(chart_url(url, query=query, version=version, width=w), w) for w in NARROW_WIDTHS if w < width]
        srcset = ", ".join(f"{candidate} {w}w" for candidate, w in [*narrower, (src, width)])
        # On a narrow screen the chart fills the page's width less its margins (about 4rem).
        sizes = f"(max-width: {width}px) calc(100vw - 4rem), {width}px"
    return format_html(
        '<img{} src="{}"{} width="{}" height="{}" alt="{}" loading="{}" decoding="async">',
        format_html(' class="{}"', css_class) if css_class else "",
        src,
        format_html(' srcset="{}" sizes="{}"', srcset, sizes) if srcset else "",
        width,
        height,
        alt,
        "lazy" if lazy else "eager",
    )
