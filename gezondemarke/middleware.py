"""Refuses addresses whose query carries control characters, before any view reads them."""

import unicodedata

from django.core.exceptions import BadRequest
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTER_IN_ADDRESS = _(
    "The address holds a character that cannot be typed, such as a NUL byte. Open the page again from its menu."
)


def _has_control_character(text: str) -> bool:
    # Category Cc: NUL and the other C0 and C1 controls and DEL. PostgreSQL refuses NUL in any
    # text it compares, and no filter value, search or page number a person chooses holds one.
    return any(unicodedata.category(character) == "Cc" for character in text)


class RefuseControlCharactersMiddleware:
    """A 400 with a Dutch message for a query with a control character in a name or value.

    Every filter, search and page parameter of every page passes here first, so none of them
    can reach the database with a NUL byte and turn a typing error or a probe into a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if _has_control_character(name) or any(_has_control_character(value) for value in values):
                raise BadRequest(CONTROL_CHARACTER_IN_ADDRESS)
        return self.get_response(request)
