"""Every page, chart and export that reads parameters from its address, with those parameters:
for the tests that send them bad values."""

from dataclasses import dataclass

from django.urls import reverse

SCOPE = ("regio", "agenda", "thema", "doeljaar")


@dataclass(frozen=True)
class FilteredPage:
    name: str
    params: tuple[str, ...]
    args: tuple[str, ...] = ()  # names of objects from the `world` fixture, or literal arguments

    def url(self, world: dict) -> str:
        return reverse(self.name, args=[world.get(arg, arg) for arg in self.args])


FILTERED_PAGES = [
    FilteredPage("coverage:dashboard", (*SCOPE, "page")),
    FilteredPage("coverage:comparison", (*SCOPE, "page")),
    FilteredPage("coverage:orphans", (*SCOPE, "page")),
    FilteredPage("coverage:priority", ("ronde", *SCOPE)),
    FilteredPage("coverage:chart", SCOPE, ("dekking", "png")),
    FilteredPage("coverage:chart", (*SCOPE, "page"), ("heatmap", "png")),
    FilteredPage("coverage:chart", (*SCOPE, "page"), ("regios", "svg")),
    FilteredPage("coverage:priority_chart", ("ronde", *SCOPE), ("png",)),
    FilteredPage("coverage:export", SCOPE, ("dekking", "csv")),
    FilteredPage("coverage:export", SCOPE, ("heatmap", "xlsx")),
    FilteredPage("coverage:export", SCOPE, ("regios", "csv")),
    FilteredPage("workagenda:goals", (*SCOPE, "aanbeveling", "zonder", "zoek", "sort", "page", "_export", "vorm")),
    FilteredPage("workagenda:link_themes", ("regio", "page")),
    FilteredPage("workagenda:link_grid", ("zonder", "venster"), ("theme",)),
    FilteredPage("monitoring:dashboard", (*SCOPE, "since", "sort", "page")),
    FilteredPage("monitoring:dashboard-chart", SCOPE, ("png",)),
    FilteredPage("monitoring:deadlines", (*SCOPE, "page")),
    FilteredPage("monitoring:indicators", (*SCOPE, "page")),
    FilteredPage("prioritisation:list", ("page",)),
    FilteredPage("prioritisation:results", ("belang", "urgentie", "page", "_export"), ("round",)),
    FilteredPage("prioritisation:results_chart", ("belang", "urgentie"), ("round", "matrix", "png")),
    FilteredPage("prioritisation:comparison", ("tot", "page")),
    FilteredPage("prioritisation:comparison_chart", ("tot",), ("png",)),
    FilteredPage("recommendations:list", ("page",)),
    FilteredPage("recommendations:detail", ("page", "rondes"), ("number",)),
    FilteredPage("regions:list", ("page",)),
    FilteredPage("regions:region", ("page", "werkagenda"), ("region",)),
]
PAGE_PARAMETERS = [(page, param) for page in FILTERED_PAGES for param in page.params]


def page_id(value) -> str:
    return f"{value.name}{''.join('/' + arg for arg in value.args)}" if isinstance(value, FilteredPage) else str(value)
