"""The demo round agrees with what report 001 (section 2.2) says about the team's priorities."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from prioritisation import selectors
from prioritisation.demo import REPORT_ROUND
from prioritisation.models import Ballot, Round


def test_the_demo_round_says_what_report_001_says(seeded):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    round = Round.objects.get(name=REPORT_ROUND)
    assert selectors.round_latest_closed() == round
    results = {r.number: r for r in selectors.round_results(round=round)}
    importance = {n: r.importance for n, r in results.items()}
    urgency = {n: r.urgency for n, r in results.items()}

    # About nine members, each choosing three per criterion.
    assert Ballot.objects.filter(round=round).count() == 9
    assert sum(importance.values()) == sum(urgency.values()) == 27
    # Urgency: 2 and 7 stand out clearly above the rest.
    assert min(urgency[2], urgency[7]) >= 2 * max(v for n, v in urgency.items() if n not in (2, 7))
    # Importance: 2 and 7 named most, 6 next.
    ranked = sorted(importance, key=lambda n: -importance[n])
    assert set(ranked[:2]) == {2, 7} and ranked[2] == 6
    assert importance[6] > max(v for n, v in importance.items() if n not in (2, 7, 6))
    # Every recommendation named at least once for importance.
    assert min(importance.values()) >= 1
    # 4 relatively high on both; 5 and 9 relatively low on both.
    mean_importance, mean_urgency = sum(importance.values()) / 10, sum(urgency.values()) / 10
    assert importance[4] > mean_importance and urgency[4] > mean_urgency
    for number in (5, 9):
        assert importance[number] < mean_importance and urgency[number] < mean_urgency

    call_command("remove_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Round.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
