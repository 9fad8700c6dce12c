"""Reads the deadline an operational goal's text names.

Goal texts state deadlines in a handful of Dutch phrasings ("In 2027 ...",
"Uiterlijk 1 januari 2025", "Eind 2024", "vanaf 2025"). A year that follows no
such phrase is a reference, not a deadline ("meer dan ten opzichte van 2022"),
so it is ignored. Texts with stages ("In 2024 ... In 2025 ... uiterlijk 2026")
are due when the last stage is due, so the latest year wins.
"""

import re

from regioplan.models import FIRST_YEAR, LAST_YEAR

_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DEADLINE = re.compile(
    r"\b(?:in|uiterlijk(?:\s+in|\s+op)?|vanaf|per|voor|vóór|eind|einde|aan\s+het\s+eind(?:e)?\s+van|"
    r"met\s+ingang\s+van|tot\s+en\s+met|t/m|in\s+de\s+loop\s+van)\s+"
    rf"(?:(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<until>(?:19|20)\d{2}))?\b",
    re.IGNORECASE,
)


def target_year_from_text(text: str) -> int | None:
    """The latest deadline year named in the text, or None when it names none."""
    years = []
    for match in _DEADLINE.finditer(text):
        year = int(match.group("until") or match.group("year"))
        if FIRST_YEAR <= year <= LAST_YEAR:
            years.append(year)
    return max(years, default=None)
