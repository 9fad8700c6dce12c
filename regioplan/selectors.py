"""Reads of regions."""

from regioplan.models import Region


def region_get(*, slug: str) -> Region:
    return Region.objects.get(slug=slug)
