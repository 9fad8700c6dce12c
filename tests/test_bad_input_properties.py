"""Generated bad input against the ballot, the linking grid, the importers and every filter of every page.

Every answer is a refusal (4xx, with a Dutch message, nothing changed in the database) or a
success (a redirect with a Dutch message) whose result satisfies the rules. Each example runs
in its own savepoint that is rolled back, so the fixtures' data is the same for every example;
that is why the function-scoped fixture health check is switched off."""

import csv
import hashlib
import io
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from monitoring.models import Indicator, Measurement, StatusUpdate
from prioritisation.models import Ballot, BallotEntry
from prioritisation.views import BALLOT_SAVED
from recommendations.models import Recommendation
from tests.factories import (
    AgendaFactory,
    GoalGroupFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RoundFactory,
    ThemeFactory,
)
from tests.filtered_pages import FILTERED_PAGES, FilteredPage, page_id
from workagenda.forms import GRID_MALFORMED, GRID_TAMPERED
from workagenda.models import GoalLink, OperationalGoal

PROPERTIES = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RECOMMENDATION_NUMBERS = range(1, 8)


@pytest.fixture
def recommendations(db):
    return [RecommendationFactory(number=n, short_title=f"Aanbeveling {n}") for n in RECOMMENDATION_NUMBERS]


@contextmanager
def rolled_back():
    """One example's writes, undone afterwards so the next example starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def fingerprint(*models) -> dict[str, str]:
    """A hash of every row of the models and of their history: equal means nothing changed."""
    tables = [*models, *(model.history.model for model in models if hasattr(model, "history"))]
    return {
        model._meta.label: hashlib.sha256(repr(list(model.objects.order_by("pk").values_list())).encode()).hexdigest()
        for model in tables
    }


def dutch(message) -> str:
    with override("nl"):
        return escape(str(message))


# Text as people paste it, and worse: control characters, NUL, very long, digits of other scripts.
nasty_text = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=990, max_size=1010),
    st.sampled_from(["", " ", "\x00", "²", "٣", "1e9", "-1", "99999999999999999999999", "<b>x</b>", "NaN"]),
)

# ------------------------------------------------------------------ (a) the ballot


def _number_token():
    return st.one_of(st.integers(min_value=-2, max_value=12).map(str), nasty_text)


ballot_posts = st.fixed_dictionaries(
    {
        "importance": st.lists(_number_token(), max_size=5),
        "urgency": st.lists(_number_token(), max_size=5),
        "reasons": st.dictionaries(
            st.tuples(st.sampled_from(["importance", "urgency"]), st.integers(0, 9)), nasty_text, max_size=3
        ),
        "comment": st.one_of(st.just(""), nasty_text, st.text(min_size=1995, max_size=2005)),
    }
)


def _clean_text(value: str, limit: int) -> bool:
    value = value.strip()
    return len(value) <= limit and "\x00" not in value


def _ballot_acceptable(post) -> bool:
    valid = {str(n) for n in RECOMMENDATION_NUMBERS}
    for criterion in ("importance", "urgency"):
        picks = post[criterion]
        if len(picks) != 3 or len(set(picks)) != 3 or not set(picks) <= valid:
            return False
    reasons_ok = all(_clean_text(text, 1000) for (_, n), text in post["reasons"].items() if n in RECOMMENDATION_NUMBERS)
    return reasons_ok and _clean_text(post["comment"], 2000)


@pytest.fixture
def open_round(member, recommendations):
    return RoundFactory(participants=[member])


@PROPERTIES
@given(post=ballot_posts, earlier=st.booleans())
def test_ballot_post_is_refused_cleanly_or_saved_with_exactly_the_picks(
    member_client, member, open_round, post, earlier
):
    url = reverse("prioritisation:ballot", args=[open_round.pk])
    data = {"importance": post["importance"], "urgency": post["urgency"], "comment": post["comment"]}
    for (criterion, number), text in post["reasons"].items():
        data[f"{criterion}_reason_{number}"] = text
    with rolled_back():
        if earlier:
            member_client.post(url, {"importance": ["1", "2", "3"], "urgency": ["4", "5", "6"]})
        before = fingerprint(Ballot, BallotEntry)
        response = member_client.post(url, data, follow=True)
        content = response.content.decode()
        accepted = response.redirect_chain != []
        assert accepted == _ballot_acceptable(post)
        if not accepted:
            assert response.status_code == 400
            assert "error-summary" in content
            assert fingerprint(Ballot, BallotEntry) == before
            return
        assert response.status_code == 200
        assert dutch(BALLOT_SAVED) in content
        ballot = Ballot.objects.get(round=open_round, member=member)
        assert ballot.comment == post["comment"].strip()
        for criterion in ("importance", "urgency"):
            entries = ballot.entries.filter(criterion=criterion).select_related("recommendation")
            assert sorted(e.recommendation.number for e in entries) == sorted(int(n) for n in post[criterion])
            for entry in entries:
                assert entry.reason == post["reasons"].get((criterion, entry.recommendation.number), "").strip()


# ------------------------------------------------------------------ (b) the linking grid


@pytest.fixture
def grid_theme(recommendations):
    theme = ThemeFactory(code="VOW")
    goals = [
        OperationalGoalFactory(group=group, letter=letter)
        for group in (GoalGroupFactory(theme=theme, number=1), GoalGroupFactory(theme=theme, number=2))
        for letter in "AB"
    ]
    stranger = OperationalGoalFactory(group=GoalGroupFactory(theme=ThemeFactory(code="ZON")), letter="A")
    return theme, [goal.pk for goal in goals], stranger.pk


@st.composite
def grid_posts(draw, goal_ids, stranger):
    cells = [(goal, number) for goal in goal_ids for number in RECOMMENDATION_NUMBERS]
    linked = draw(st.sets(st.sampled_from(cells), max_size=6))
    wanted = draw(st.sets(st.sampled_from(cells), max_size=8))
    junk = st.one_of(
        nasty_text,
        st.sampled_from([f"{stranger}-1", f"{goal_ids[0]}-99", f"{stranger}", "1-1:1:1", f"{goal_ids[0]}-1:abc"]),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )
    tamper = draw(st.sampled_from(["none", "goals", "loaded", "link"]))
    return {
        "linked": linked,
        "wanted": wanted,
        "tamper": tamper,
        "junk": draw(st.lists(junk, min_size=1, max_size=2)),
        "shown": draw(st.sets(st.sampled_from(goal_ids), min_size=1)) if tamper != "goals" else set(goal_ids),
        "stale": draw(st.booleans()),
    }


@PROPERTIES
@given(data=st.data())
def test_grid_post_is_refused_cleanly_or_links_equal_the_submitted_cells(advisor_client, advisor, grid_theme, data):
    theme, goal_ids, stranger = grid_theme
    post = data.draw(grid_posts(goal_ids, stranger))
    url = reverse("workagenda:link_grid", args=[theme.pk])
    with rolled_back():
        numbers = {rec.number: rec for rec in Recommendation.objects.all()}
        links = {
            cell: GoalLink.objects.create(goal_id=cell[0], recommendation=numbers[cell[1]]).pk
            for cell in post["linked"]
        }
        # The page as the advisor loaded it; "stale" means someone else linked a cell since then.
        loaded = dict(links)
        if post["stale"] and links:
            loaded.pop(sorted(links)[0])
        shown = post["shown"]
        loaded = {cell: pk for cell, pk in loaded.items() if cell[0] in shown}
        wanted = {cell for cell in post["wanted"] if cell[0] in shown}
        form = {
            "goals": " ".join(str(goal) for goal in sorted(shown)),
            "loaded": " ".join(f"{g}-{n}:{pk}" for (g, n), pk in sorted(loaded.items())),
            "link": [f"{g}-{n}" for g, n in sorted(wanted)],
        }
        if post["tamper"] == "goals":
            form["goals"] += " " + " ".join(post["junk"])
        elif post["tamper"] == "loaded":
            form["loaded"] += " " + " ".join(post["junk"])
        elif post["tamper"] == "link":
            form["link"] += post["junk"]
        current = {
            (link.goal_id, link.recommendation.number): link.pk
            for link in GoalLink.objects.select_related("recommendation")
        }
        before = fingerprint(GoalLink)
        response = advisor_client.post(url, form, follow=True)
        content = response.content.decode()
        if not response.redirect_chain:
            assert response.status_code == 400
            assert post["tamper"] != "none"
            assert dutch(GRID_MALFORMED) in content or dutch(GRID_TAMPERED) in content
            assert fingerprint(GoalLink) == before
            return
        assert response.status_code == 200
        assert (
            "koppelingen toegevoegd" in content
            or "koppeling toegevoegd" in content
            or "iemand anders heeft deze koppeling" in content
        )
        after = {
            (link.goal_id, link.recommendation.number) for link in GoalLink.objects.select_related("recommendation")
        }
        for goal in goal_ids:
            for number in RECOMMENDATION_NUMBERS:
                cell = (goal, number)
                changed = goal in shown and ((cell in loaded) != (cell in wanted))
                unchanged_by_others = current.get(cell) == loaded.get(cell)
                expected = (cell in wanted) if changed and unchanged_by_others else (cell in current)
                assert (cell in after) == expected, cell
        assert {cell[0] for cell in after} <= set(goal_ids)


# ------------------------------------------------------------------ (c) the importers


def _file(rows: list[list[str]], fmt: str, delimiter: str) -> SimpleUploadedFile:
    if fmt == "xlsx":
        workbook = Workbook()
        for row in rows:
            workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return SimpleUploadedFile("bestand.xlsx", buffer.getvalue())
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return SimpleUploadedFile("bestand.csv", text.getvalue().encode("utf-8"))


def cell(valid: list[str]):
    """Mostly a value the importer knows, sometimes anything at all."""
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), nasty_text)


@pytest.fixture
def import_data(recommendations):
    agenda = AgendaFactory(slug="werkagenda", region__slug="drenthe")
    theme = ThemeFactory(agenda=agenda, code="VOW")
    goal = OperationalGoalFactory(group=GoalGroupFactory(theme=theme, number=1), letter="A", text="In 2027 bestaand.")
    GoalGroupFactory(theme=theme, number=2)
    GoalLink.objects.create(goal=goal, recommendation=Recommendation.objects.get(number=3))
    indicator = Indicator.objects.create(
        goal=goal, name="Bereik", kind="output", unit="%", direction="higher", target_value=50
    )
    return goal, indicator


goal_rows = st.lists(
    st.fixed_dictionaries(
        {
            "regio": cell(["drenthe", "DRENTHE"]),
            "agenda": cell(["werkagenda"]),
            "thema": cell(["VOW", "vow"]),
            "doel": cell(["1", "2"]),
            "letter": cell(["A", "B", "c"]),
            "tekst": cell(["In 2028 is het bereikt.", "Meer bewegen"]),
            "streefjaar": cell(["", "2027", "2100"]),
            "aanbevelingen": cell(["", "1", "2, 3", "7;1", "geen", "Geen"]),
            "notitie": cell(["", "Past goed"]),
        }
    ),
    min_size=1,
    max_size=4,
)
file_formats = st.tuples(st.sampled_from(["csv", "xlsx"]), st.sampled_from([",", ";"]))


@PROPERTIES
@given(rows=goal_rows, fmt=file_formats)
def test_goal_import_is_all_or_nothing_and_sets_exactly_the_rows(advisor_client, import_data, rows, fmt):
    columns = list(rows[0])
    upload = _file([columns, *([row[c] for c in columns] for row in rows)], *fmt)
    with rolled_back():
        before = fingerprint(OperationalGoal, GoalLink)
        linked_before = {
            (link.goal.code, link.recommendation.number)
            for link in GoalLink.objects.select_related("goal__group__theme", "recommendation")
        }
        url = reverse("workagenda:goal_import")
        response = advisor_client.post(url, {"file": upload}, follow=True)
        if response.status_code == 200 and "plan" in response.context:
            # A preview of the links the import removes: it names every one, and changed nothing yet.
            assert set(response.context["plan"].unlinked) <= linked_before
            assert fingerprint(OperationalGoal, GoalLink) == before
            response = advisor_client.post(url, {"bevestigen": response.context["plan"].digest}, follow=True)
        content = response.content.decode()
        if not response.redirect_chain:
            assert response.status_code == 400
            assert "error-summary" in content
            assert fingerprint(OperationalGoal, GoalLink) == before
            return
        assert response.status_code == 200
        assert "Import klaar" in content
        for row in rows:
            goal = OperationalGoal.objects.get(
                group__theme__code="VOW", group__number=int(row["doel"]), letter=row["letter"].strip().upper()
            )
            assert goal.text == row["tekst"].strip()
            tokens = [t for t in row["aanbevelingen"].replace(";", ",").replace(" ", ",").split(",") if t]
            if not tokens:  # an empty cell leaves the links as they were
                numbers = {number for code, number in linked_before if code == goal.code}
            else:  # "geen" removes them all
                numbers = {int(t) for t in tokens if t.lower() != "geen"}
            assert set(goal.links.values_list("recommendation__number", flat=True)) == numbers


status_rows = st.lists(
    st.fixed_dictionaries(
        {
            "agenda": cell(["werkagenda"]),
            "code": cell(["VOW-1A", "vow-1a"]),
            "status": cell(["on_track", "op koers", "Risico", "at_risk"]),
            "datum": cell(["2025-01-31", "31-01-2025", "31/12/2024", "2999-01-01", "2025-02-30"]),
            "toelichting": cell(["", "Loopt goed"]),
        }
    ),
    min_size=1,
    max_size=4,
)
measurement_rows = st.lists(
    st.fixed_dictionaries(
        {
            "indicator": cell(["{indicator}"]),
            "datum": cell(["2025-01-31", "01-06-2024"]),
            "waarde": cell(["42", "12,5", "-3", "1e3", "Infinity", "0,001", "12345678901234"]),
            "bron": cell(["GGD-monitor", ""]),
        }
    ),
    min_size=1,
    max_size=4,
)


@PROPERTIES
@given(
    kind_rows=st.one_of(st.tuples(st.just("status"), status_rows), st.tuples(st.just("metingen"), measurement_rows)),
    fmt=file_formats,
)
def test_monitoring_import_is_all_or_nothing(advisor_client, import_data, kind_rows, fmt):
    kind, rows = kind_rows
    _, indicator = import_data
    rows = [{c: v.replace("{indicator}", str(indicator.pk)) for c, v in row.items()} for row in rows]
    columns = list(rows[0])
    upload = _file([columns, *([row[c] for c in columns] for row in rows)], *fmt)
    with rolled_back():
        before = fingerprint(StatusUpdate, Measurement)
        counts = (StatusUpdate.objects.count(), Measurement.objects.count())
        response = advisor_client.post(reverse("monitoring:import"), {"kind": kind, "file": upload}, follow=True)
        if not response.redirect_chain:
            assert response.status_code == 400
            assert fingerprint(StatusUpdate, Measurement) == before
            return
        assert response.status_code == 200
        assert f"{len(rows)} rijen geïmporteerd" in response.content.decode()
        added = (StatusUpdate.objects.count() - counts[0], Measurement.objects.count() - counts[1])
        assert added == ((len(rows), 0) if kind == "status" else (0, len(rows)))


# ------------------------------------------------------------------ (d) every filter of every page


def _parameter_values(page: FilteredPage):
    """Each parameter of the page absent or set to anything at all, sometimes a value it knows."""
    known = st.sampled_from(["drenthe", "gm", "1", "2027", "2", "csv", "xlsx", "bijlage", "code", "-text"])
    value = st.one_of(nasty_text, known, st.integers(min_value=-(10**20), max_value=10**20).map(str))
    return st.dictionaries(st.sampled_from(page.params), value, min_size=1, max_size=len(page.params))


@pytest.mark.parametrize("page", FILTERED_PAGES, ids=page_id)
@PROPERTIES
@given(data=st.data())
def test_any_filter_value_on_any_page_is_answered_or_refused_never_a_server_error(admin_client, world, page, data):
    params = data.draw(_parameter_values(page))
    with rolled_back():
        response = admin_client.get(page.url(world), params)
    assert response.status_code in (200, 400), (params, response.status_code)
