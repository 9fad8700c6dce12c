"""Where the domain apps register their parts of the seed and of the demo data.

The loaders live with the data they write; this base app only knows that parts exist
and runs them in their order, so it never imports the apps above it."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seeddata.loader import SeedLoader

# Parts run from low to high: what a part refers to must already be loaded.
ORDER_RECOMMENDATIONS = 10
ORDER_REGIONS = 20
ORDER_AGENDAS = 30
ORDER_ROUNDS = 40
ORDER_MONITORING = 50


@dataclass(frozen=True)
class SeedPart:
    name: str
    order: int
    load: Callable[["SeedLoader", Path], None]


@dataclass(frozen=True)
class DemoPart:
    name: str
    order: int
    load: Callable[[], str]
    remove: Callable[[], str]


_seed_parts: dict[str, SeedPart] = {}
_demo_parts: dict[str, DemoPart] = {}


def seed_part_register(*, name: str, order: int, load: Callable[["SeedLoader", Path], None]) -> None:
    _seed_parts[name] = SeedPart(name=name, order=order, load=load)


def demo_part_register(*, name: str, order: int, load: Callable[[], str], remove: Callable[[], str]) -> None:
    _demo_parts[name] = DemoPart(name=name, order=order, load=load, remove=remove)


def seed_parts() -> list[SeedPart]:
    return sorted(_seed_parts.values(), key=lambda part: part.order)


def demo_parts() -> list[DemoPart]:
    return sorted(_demo_parts.values(), key=lambda part: part.order)
