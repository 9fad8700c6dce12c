"""Demo part: illustrative links in the Gezonde Marke work agenda that reproduce every
figure report 001 states (sections 2.3 and 2.4): recommendations 6 and 7 each in 16
operational goals, 1 next, 4, 5 and 9 among the least; within Gezondheid en Leefstijl
recommendation 7 far ahead and 6, 8, 9 and 10 without any link. The real links are
unknown (the annex lost its checkmarks), so every demo link says it is illustrative.
A few IJssel-Vecht links, for which the report states nothing, make the regions comparable."""

from django.contrib.auth import get_user_model
from django.db import transaction

from recommendations.models import Recommendation
from seeddata.demo import DEMO_USERNAME_PREFIX
from workagenda.models import GoalLink, OperationalGoal
from workagenda.services import goal_link_create

AGENDA_SLUG = "werkagenda-gezonde-marke"
# The report states no figures for IJssel-Vecht; these few links only make the regions comparable.
IJSSEL_VECHT_SLUG = "regioplan-ijssel-vecht-coalities"
DEMO_ADVISOR = f"{DEMO_USERNAME_PREFIX}adviseur"
DEMO_NOTE = "Illustratieve demokoppeling, niet uit het rapport: deze koppeling laat zien hoe het dashboard werkt."

# Recommendation number -> goal codes, chosen for their subject (4 "onderwijs": schools, and so on).
DEMO_LINKS: dict[int, list[str]] = {
    1: ["VOW-1A", "VOW-2A", "VOW-2H", "AM-1D", "MG-3E", "GL-2C", "GL-3B", "ZT-1B", "ZT-1C", "KI-2B", "KI-3A", "KI-3D"],
    2: ["VOW-1A", "VOW-2F", "AM-1B", "AM-3D", "MG-1D", "GL-2E", "ZT-1A", "ZT-3F", "KI-3C"],
    3: ["VOW-2B", "VOW-2C", "MG-3C", "GL-3A", "ZT-3B", "ZT-3C", "ZT-3D"],
    4: ["MG-1A", "GL-2C"],
    5: ["VOW-3B", "GL-1B", "KI-3D"],
    6: [
        "VOW-1B",
        "VOW-1C",
        "VOW-3A",
        "VOW-3B",
        "AM-1C",
        "AM-1E",
        "MG-2B",
        "MG-3A",
        "ZT-1D",
        "ZT-3F",
        "KI-1A",
        "KI-1B",
        "KI-1C",
        "KI-1D",
        "KI-3B",
        "KI-3C",
    ],  # fmt: skip
    7: [
        "VOW-3C",
        "VOW-3E",
        "MG-1A",
        "MG-1B",
        "MG-1E",
        "MG-2A",
        "GL-1A",
        "GL-1C",
        "GL-2A",
        "GL-2B",
        "GL-2D",
        "GL-3A",
        "GL-3D",
        "ZT-3D",
        "KI-2A",
        "KI-2C",
    ],  # fmt: skip
    8: ["AM-1F", "AM-2A", "AM-2B", "MG-3D", "ZT-1C", "ZT-2B"],
    9: ["MG-3B", "ZT-2D"],
    10: ["VOW-2G", "AM-2A", "ZT-1A", "ZT-3A", "KI-3A"],
}

IJSSEL_VECHT_LINKS: dict[int, list[str]] = {
    1: ["VOW-4E", "ZIT-3A"],
    2: ["GLP-4A", "VOW-3A", "AM-2B"],
    3: ["MW-3A", "VOW-4A"],
    4: ["GLP-2A"],
    5: ["GLP-3A", "GLP-3B"],
    6: ["VOW-1C", "VOW-3C", "MW-2B", "ZIT-1B", "DIG-1A"],
    7: ["GLP-2B", "GLP-2C", "GLP-4C", "MW-1A", "VOW-1A", "VOW-5B", "ZIT-3A", "ZIT-1D"],
    8: ["MW-1C", "MW-3B", "AM-3D"],
    9: ["MW-1B", "DIG-2B", "DIG-3C"],
    10: ["MW-1B", "GLP-4C"],
}


def _link_all(*, agenda_slug: str, links: dict[int, list[str]], user) -> int:
    goals = {
        goal.code: goal
        for goal in OperationalGoal.objects.filter(group__theme__agenda__slug=agenda_slug).select_related(
            "group__theme"
        )
    }
    recommendations = {rec.number: rec for rec in Recommendation.objects.all()}
    for number, codes in links.items():
        for code in codes:
            goal_link_create(goal=goals[code], recommendation=recommendations[number], user=user, note=DEMO_NOTE)
    return sum(len(codes) for codes in links.values())


@transaction.atomic
def demo_load() -> str:
    advisor, _ = get_user_model().objects.get_or_create(
        username=DEMO_ADVISOR, defaults={"first_name": "Demo", "last_name": "Adviseur"}
    )
    count = _link_all(agenda_slug=AGENDA_SLUG, links=DEMO_LINKS, user=advisor)
    count += _link_all(agenda_slug=IJSSEL_VECHT_SLUG, links=IJSSEL_VECHT_LINKS, user=advisor)
    return f"{count} illustrative links in the Gezonde Marke and IJssel-Vecht agendas"


@transaction.atomic
def demo_remove() -> str:
    links = GoalLink.objects.filter(created_by__username=DEMO_ADVISOR)
    count = links.count()
    links.delete()
    GoalLink.history.filter(history_user__username=DEMO_ADVISOR).delete()
    OperationalGoal.history.filter(history_user__username=DEMO_ADVISOR).delete()
    get_user_model().objects.filter(username=DEMO_ADVISOR).delete()
    return f"{count} illustrative links removed"
