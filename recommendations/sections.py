"""Sections that apps above this one add to a recommendation's page.

A recommendation's page shows the operational goals linked to it and its priority in the
rounds, which live in apps that build on this one. Those apps register a section here from
their AppConfig.ready(), so this app shows them without importing them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from recommendations.models import Recommendation

# Sections appear from low to high.
ORDER_LINKED_GOALS = 10
ORDER_PRIORITY = 20


@dataclass(frozen=True)
class RecommendationSection:
    """template is included with the page's context plus what context() returns for it."""

    name: str
    order: int
    template: str
    context: Callable[[HttpRequest, Recommendation], dict[str, Any]]


_sections: dict[str, RecommendationSection] = {}


def recommendation_section_register(
    *, name: str, order: int, template: str, context: Callable[[HttpRequest, Recommendation], dict[str, Any]]
) -> None:
    _sections[name] = RecommendationSection(name=name, order=order, template=template, context=context)


def recommendation_sections() -> list[RecommendationSection]:
    return sorted(_sections.values(), key=lambda section: section.order)
