"""Traffic lights: append-only history, latest status in SQL, the dashboard and its chart."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import selectors, services, views
from monitoring.models import Status, StatusUpdate
from tests.factories import (
    AgendaFactory,
    GoalGroupFactory,
    OperationalGoalFactory,
    RegionFactory,
    ThemeFactory,
)

DAY = datetime.date(2025, 3, 1)


def report(goal, status, date, user, note=""):
    return services.status_update_create(goal=goal, status=status, date=date, author=user, note=note)


def test_history_is_kept_and_the_latest_wins(advisor):
    goal = OperationalGoalFactory()
    report(goal, Status.NOT_STARTED, DAY, advisor)
    report(goal, Status.AT_RISK, DAY + datetime.timedelta(days=30), advisor)
    report(goal, Status.ON_TRACK, DAY + datetime.timedelta(days=10), advisor)  # reported late, older date
    annotated = selectors.goals_with_latest_status().get(pk=goal.pk)
    assert annotated.latest_status == Status.AT_RISK
    assert StatusUpdate.objects.filter(goal=goal).count() == 3


def test_same_day_updates_keep_the_last_recorded(advisor):
    goal = OperationalGoalFactory()
    report(goal, Status.AT_RISK, DAY, advisor)
    report(goal, Status.OFF_TRACK, DAY, advisor)
    assert selectors.goals_with_latest_status().get(pk=goal.pk).latest_status == Status.OFF_TRACK


def test_status_for_goal_and_theme_at_once_is_refused(advisor):
    goal = OperationalGoalFactory()
    with pytest.raises(ValidationError):
        services.status_update_create(
            goal=goal, theme=goal.group.theme, status=Status.ON_TRACK, date=DAY, author=advisor
        )


def test_future_date_is_refused_in_dutch(advisor):
    goal = OperationalGoalFactory()
    with pytest.raises(ValidationError) as error:
        report(goal, Status.ON_TRACK, datetime.date.today() + datetime.timedelta(days=2), advisor)
    assert error.value.message_dict["date"] == [str(services.DATE_IN_FUTURE)]
    assert not StatusUpdate.objects.exists()


def test_only_superusers_may_correct_history(advisor, administrator):
    with pytest.raises(PermissionDenied):
        services.status_update_refuse_change(user=advisor)
    services.status_update_refuse_change(user=administrator)


def test_admin_offers_no_change_or_delete_for_non_superuser_staff(client, advisor):
    from django.contrib.auth.models import Permission

    advisor.is_staff = True
    advisor.save()
    advisor.user_permissions.add(*Permission.objects.filter(content_type__app_label="monitoring"))
    update = report(OperationalGoalFactory(), Status.ON_TRACK, DAY, advisor)
    client.force_login(advisor)
    change = client.post(
        reverse("admin:monitoring_statusupdate_change", args=[update.pk]),
        {"goal": update.goal_id, "status": Status.OFF_TRACK, "date": "2025-03-01", "note": "x"},
    )
    assert change.status_code == 403
    delete = client.post(reverse("admin:monitoring_statusupdate_delete", args=[update.pk]), {"post": "yes"})
    assert delete.status_code == 403
    update.refresh_from_db()
    assert update.status == Status.ON_TRACK


def test_no_edit_or_delete_urls_for_status_updates():
    from tests.test_permissions import named_patterns

    names = [name for name in named_patterns() if name.startswith("monitoring:")]
    assert not [name for name in names if "edit" in name or "delete" in name or "update" in name]


def test_advisor_records_a_status_and_sees_it_in_the_history(advisor_client):
    goal = OperationalGoalFactory()
    url = reverse("monitoring:goal-status", kwargs={"pk": goal.pk})
    response = advisor_client.post(
        url, {"status": Status.AT_RISK, "date": "2025-03-01", "note": "Te weinig capaciteit."}
    )
    assert response.status_code == 302
    content = advisor_client.get(url).content.decode()
    assert "Te weinig capaciteit." in content and "risico" in content


def test_manager_reads_but_may_not_post_a_status(manager_client):
    goal = OperationalGoalFactory()
    url = reverse("monitoring:goal-status", kwargs={"pk": goal.pk})
    assert manager_client.get(url).status_code == 200
    assert manager_client.post(url, {"status": Status.AT_RISK, "date": "2025-03-01"}).status_code == 403
    assert not StatusUpdate.objects.exists()


def test_bad_status_form_is_refused_in_dutch(advisor_client):
    goal = OperationalGoalFactory()
    url = reverse("monitoring:goal-status", kwargs={"pk": goal.pk})
    response = advisor_client.post(url, {"status": "purple", "date": "gisteren"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in content and str(services.BAD_DATE) in content
    assert not StatusUpdate.objects.exists()


def test_theme_status(advisor_client):
    theme = ThemeFactory()
    url = reverse("monitoring:theme-status", kwargs={"pk": theme.pk})
    advisor_client.post(url, {"status": Status.ON_TRACK, "date": "2025-03-01"})
    assert StatusUpdate.objects.get().theme == theme


def test_dashboard_counts_and_changes_since_meeting(manager_client, advisor):
    theme = ThemeFactory(name="Leefstijl")
    group = GoalGroupFactory(theme=theme)
    first, second, third = OperationalGoalFactory.create_batch(3, group=group)
    report(first, Status.ON_TRACK, DAY, advisor)
    report(first, Status.OFF_TRACK, DAY + datetime.timedelta(days=60), advisor)
    report(second, Status.ON_TRACK, DAY, advisor)
    response = manager_client.get(reverse("monitoring:dashboard"), {"since": "2025-04-01"})
    assert response.status_code == 200
    [row] = response.context["overview"]["themes"]
    assert row["counts"][Status.OFF_TRACK] == 1 and row["counts"][Status.ON_TRACK] == 1 and row["counts"]["none"] == 1
    rows = {record.pk: record for record in response.context["table"].data}
    assert rows[first.pk].status_then == Status.ON_TRACK and rows[first.pk].latest_status == Status.OFF_TRACK
    content = response.content.decode()
    assert "uit koers" in content and "was op koers" in content
    assert third.code in content


def test_dashboard_filters_by_theme_and_target_year(manager_client):
    kept = OperationalGoalFactory(target_year=2030)
    OperationalGoalFactory(group=kept.group, target_year=2027)
    OperationalGoalFactory(target_year=2030)
    response = manager_client.get(reverse("monitoring:dashboard"), {"thema": kept.group.theme.pk, "doeljaar": 2030})
    assert [record.pk for record in response.context["table"].data] == [kept.pk]


def test_dashboard_chart_is_a_real_image(manager_client, advisor):
    report(OperationalGoalFactory(), Status.AT_RISK, DAY, advisor)
    png = manager_client.get(reverse("monitoring:dashboard-chart", kwargs={"fmt": "png"}))
    svg = manager_client.get(reverse("monitoring:dashboard-chart", kwargs={"fmt": "svg"}))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert b"risico" in svg.content


def test_dashboard_query_count_does_not_grow(manager_client, advisor, django_assert_num_queries):
    def add_data():
        theme = ThemeFactory()
        for goal in OperationalGoalFactory.create_batch(4, group=GoalGroupFactory(theme=theme)):
            report(goal, Status.ON_TRACK, DAY, advisor)
            report(goal, Status.AT_RISK, DAY + datetime.timedelta(days=5), advisor)
        services.status_update_create(theme=theme, status=Status.ON_TRACK, date=DAY, author=advisor)

    add_data()
    url = reverse("monitoring:dashboard")
    manager_client.get(url, {"since": "2025-03-02"})  # the session
    cache.clear()  # count the queries of building the page, not of serving its cached parts
    with CaptureQueriesContext(connection) as before:
        manager_client.get(url, {"since": "2025-03-02"})
    for _ in range(6):
        add_data()
    with django_assert_num_queries(len(before.captured_queries)):
        manager_client.get(url, {"since": "2025-03-02"})


def test_dashboard_overview_and_themes_are_built_once_until_a_status_is_recorded(
    manager_client, advisor, django_capture_on_commit_callbacks
):
    goal = OperationalGoalFactory()
    report(goal, Status.ON_TRACK, DAY, advisor)
    url = reverse("monitoring:dashboard")

    def status_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            manager_client.get(url)
        return sum("monitoring_statusupdate" in query["sql"] for query in context.captured_queries)

    built = status_queries()
    assert 0 < status_queries() < built  # only the paged goals table reads the statuses again
    with django_capture_on_commit_callbacks(execute=True):  # the update's transaction commits
        report(goal, Status.OFF_TRACK, DAY + datetime.timedelta(days=1), advisor)
    assert status_queries() == built
    content = manager_client.get(url).content.decode()
    row = re.search(rf'<th scope="row">{re.escape(str(goal.group.theme))}</th>(.*?)</tr>', content, re.S).group(1)
    counts = dict(zip(Status.values + ["none"], map(int, re.findall(r'class="num">(\d+)<', row)), strict=True))
    assert counts[Status.OFF_TRACK] == 1 and counts[Status.ON_TRACK] == 0


def test_history_shows_an_update_whose_author_left(manager_client, advisor):
    goal = OperationalGoalFactory()
    update = report(goal, Status.ON_TRACK, DAY, advisor, note="Loopt volgens plan.")
    StatusUpdate.objects.filter(pk=update.pk).update(author=None)  # recorded without an author, as outside a request
    response = manager_client.get(reverse("monitoring:goal-status", kwargs={"pk": goal.pk}))
    assert response.status_code == 200
    assert "Loopt volgens plan." in response.content.decode()


def themes_with_goals_off_track(advisor, off_track_counts, agenda=None):
    """One theme per count, each with that many goals off track and one goal on track."""
    themes = []
    for off_track in off_track_counts:
        theme = ThemeFactory(**({"agenda": agenda} if agenda else {}))
        group = GoalGroupFactory(theme=theme)
        for goal in OperationalGoalFactory.create_batch(off_track, group=group):
            report(goal, Status.OFF_TRACK, DAY, advisor)
        report(OperationalGoalFactory(group=group), Status.ON_TRACK, DAY, advisor)
        themes.append(theme)
    return themes


def test_overview_shows_every_theme_in_agenda_order_when_they_fit(manager_client, advisor):
    agenda = AgendaFactory()
    themes_with_goals_off_track(advisor, [1, 3, 2], agenda=agenda)
    response = manager_client.get(reverse("monitoring:dashboard"))
    overview = response.context["overview"]
    assert not overview["capped"] and overview["total"] == 3
    assert [row["counts"][Status.OFF_TRACK] for row in overview["themes"]] == [1, 3, 2]
    assert "Getoond:" not in response.content.decode()


def test_large_overview_shows_the_themes_needing_attention_most_and_says_so(manager_client, advisor, monkeypatch):
    monkeypatch.setattr(views, "OVERVIEW_THEMES", 3)
    themes = themes_with_goals_off_track(advisor, [1, 4, 2, 5, 3])
    response = manager_client.get(reverse("monitoring:dashboard"))
    overview = response.context["overview"]
    assert overview["capped"] and overview["total"] == 5
    assert [row["counts"][Status.OFF_TRACK] for row in overview["themes"]] == [5, 4, 3]
    # Themes of several agendas are named with their agenda.
    assert overview["themes"][0]["theme"] == f"{themes[3].name} ({themes[3].agenda.name})"
    content = response.content.decode()
    assert "Getoond: de 3 van 5 thema's met de meeste operationele doelen uit koers" in content
    assert "Kies hierboven in het filter een regio, agenda of thema om de andere te zien." in content


def test_capped_overview_says_how_many_themes_its_chart_shows(manager_client, advisor, monkeypatch):
    monkeypatch.setattr(views, "OVERVIEW_THEMES", 2)
    themes = themes_with_goals_off_track(advisor, [1, 2, 3])
    # The page says it above the chart; the chart, which draws no title, shows just those themes.
    assert "Getoond: de 2 van 3 thema" in manager_client.get(reverse("monitoring:dashboard")).content.decode()
    svg = manager_client.get(reverse("monitoring:dashboard-chart", kwargs={"fmt": "svg"})).content.decode()
    assert svg.count("uit koers") >= 1

    def drawn(theme) -> bool:  # "Thema 1" is not drawn when "Thema 12" is
        return re.search(rf">{re.escape(theme.name)}\b", svg) is not None

    assert drawn(themes[2]) and not drawn(themes[0])


def test_filter_narrows_a_capped_overview_to_every_theme_of_an_agenda(manager_client, advisor, monkeypatch):
    monkeypatch.setattr(views, "OVERVIEW_THEMES", 2)
    themes_with_goals_off_track(advisor, [5, 6, 7])
    agenda = AgendaFactory()
    themes_with_goals_off_track(advisor, [1, 2], agenda=agenda)
    response = manager_client.get(reverse("monitoring:dashboard"), {"agenda": agenda.slug})
    overview = response.context["overview"]
    assert not overview["capped"]
    assert [row["counts"][Status.OFF_TRACK] for row in overview["themes"]] == [1, 2]


def theme_reported(status, author, agenda=None):
    theme = ThemeFactory(**({"agenda": agenda} if agenda else {}))
    if status:
        services.status_update_create(theme=theme, status=status, date=DAY, author=author)
    return theme


def test_themes_that_fit_are_listed_in_agenda_order(manager_client, advisor):
    agenda = AgendaFactory()
    themes = [theme_reported(status, advisor, agenda) for status in (Status.ACHIEVED, Status.OFF_TRACK, None)]
    response = manager_client.get(reverse("monitoring:dashboard"))
    listed = response.context["themes"]
    assert not listed.capped and [theme.pk for theme in listed.themes] == [theme.pk for theme in themes]
    assert "thema's en programma's, die uit koers" not in response.content.decode()


def test_many_themes_are_listed_those_needing_attention_first(manager_client, advisor, monkeypatch):
    monkeypatch.setattr(views, "THEMES_SHOWN", 4)
    agenda = AgendaFactory()
    statuses = [Status.ACHIEVED, Status.ON_TRACK, None, Status.AT_RISK, Status.NOT_STARTED, Status.OFF_TRACK]
    themes = {status: theme_reported(status, advisor, agenda) for status in statuses}
    response = manager_client.get(reverse("monitoring:dashboard"))
    listed = response.context["themes"]
    assert listed.capped and listed.total == 6
    order = [Status.OFF_TRACK, Status.AT_RISK, None, Status.NOT_STARTED]
    assert [theme.pk for theme in listed.themes] == [themes[status].pk for status in order]
    content = response.content.decode()
    assert "Getoond: 4 van 6 thema's en programma's, die uit koers of met risico eerst." in content
    narrowed = manager_client.get(reverse("monitoring:dashboard"), {"thema": themes[Status.ACHIEVED].pk})
    assert [theme.pk for theme in narrowed.context["themes"].themes] == [themes[Status.ACHIEVED].pk]


def test_dashboard_query_count_stays_when_the_overview_is_capped(manager_client, advisor, django_assert_num_queries):
    themes_with_goals_off_track(advisor, [1])
    ThemeFactory()
    url = reverse("monitoring:dashboard")
    manager_client.get(url)  # the session
    cache.clear()  # count the queries of building the page, not of serving its cached parts
    with CaptureQueriesContext(connection) as before:
        manager_client.get(url)
    themes_with_goals_off_track(advisor, [1] * (views.OVERVIEW_THEMES + 1))
    ThemeFactory.create_batch(views.THEMES_SHOWN)
    with django_assert_num_queries(len(before.captured_queries)):
        response = manager_client.get(url)
    assert response.context["overview"]["capped"] and response.context["themes"].capped


def options(content: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}".*?</select>', content, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def test_long_dropdowns_wait_for_a_region_or_agenda(manager_client, monkeypatch):
    monkeypatch.setattr("workagenda.filters.CHOICES_LIMIT", 4)
    region = RegionFactory()
    agendas = AgendaFactory.create_batch(2, region=region)
    themes = [ThemeFactory(agenda=agenda) for agenda in agendas for _ in range(2)]
    ThemeFactory.create_batch(3)  # each in an agenda of its own region: 5 agendas and 7 themes in all
    url = reverse("monitoring:deadlines")
    content = manager_client.get(url).content.decode()
    assert options(content, "agenda") == [""] and options(content, "thema") == [""]
    assert '<option value="" selected>Kies eerst een regio</option>' in content
    in_region = manager_client.get(url, {"regio": region.slug}).content.decode()
    assert options(in_region, "agenda") == ["", *sorted(agenda.slug for agenda in agendas)]
    assert len(options(in_region, "thema")) == 1 + 4
    of_agenda = manager_client.get(url, {"agenda": agendas[0].slug}).content.decode()
    assert options(of_agenda, "thema") == ["", str(themes[0].pk), str(themes[1].pk)]


def test_a_theme_chosen_outside_the_short_dropdown_is_still_applied(manager_client, monkeypatch):
    monkeypatch.setattr("workagenda.filters.CHOICES_LIMIT", 1)
    kept = OperationalGoalFactory()
    OperationalGoalFactory()
    response = manager_client.get(reverse("monitoring:dashboard"), {"thema": kept.group.theme.pk})
    assert response.status_code == 200
    assert [record.pk for record in response.context["table"].data] == [kept.pk]
    assert options(response.content.decode(), "thema") == ["", str(kept.group.theme.pk)]


def test_a_theme_outside_the_chosen_agenda_stays_selected(manager_client):
    theme = ThemeFactory()
    other_agenda = AgendaFactory()
    ThemeFactory(agenda=other_agenda)
    response = manager_client.get(reverse("monitoring:deadlines"), {"agenda": other_agenda.slug, "thema": theme.pk})
    assert str(theme.pk) in options(response.content.decode(), "thema")
    assert f'<option value="{theme.pk}" selected>' in response.content.decode()
