"""Reads of suggestions: the analysed texts, kept while they last, and the rankings from them."""

import hashlib
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch

from recommendations.models import Recommendation
from suggestions import engine
from suggestions.models import DismissedSuggestion, RecommendationTerm
from workagenda.models import GoalGroup, GoalLink, OperationalGoal, Theme

_lock = threading.Lock()
_kept: dict[str, tuple[str, engine.Index]] = {}


def texts_version() -> str:
    """Changes whenever a text the suggestions are built from changes, in one query.

    Goals, themes and recommendations keep a history of every change; groups (no history)
    count by their number and highest id, and terms by their last change."""
    tables = {
        "goals": OperationalGoal._meta.db_table,
        "goal_history": OperationalGoal.history.model._meta.db_table,
        "groups": GoalGroup._meta.db_table,
        "theme_history": Theme.history.model._meta.db_table,
        "rec_history": Recommendation.history.model._meta.db_table,
        "terms": RecommendationTerm._meta.db_table,
    }
    # Only the models' own table names are formatted in, never input.
    sql = (  # noqa: S608
        "SELECT (SELECT COUNT(*) FROM {goals}), (SELECT MAX(id) FROM {goals}), "
        "(SELECT MAX(history_id) FROM {goal_history}), (SELECT COUNT(*) FROM {groups}), "
        "(SELECT MAX(id) FROM {groups}), (SELECT MAX(history_id) FROM {theme_history}), "
        "(SELECT MAX(history_id) FROM {rec_history}), (SELECT COUNT(*) FROM {terms}), "
        "(SELECT MAX(updated_at) FROM {terms})"
    ).format(**{key: connection.ops.quote_name(table) for key, table in tables.items()})
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "|".join(map(str, cursor.fetchone()))


def index_build(*, options: engine.Options = engine.DEFAULT) -> engine.Index:
    """Analyse every goal and recommendation; three queries."""
    terms: dict[int, list[tuple[str, float]]] = {}
    for number, term, weight in RecommendationTerm.objects.order_by("number", "term").values_list(
        "number", "term", "weight"
    ):
        terms.setdefault(number, []).append((term, weight))
    recommendations = [
        engine.RecommendationText(
            number=rec.number,
            title=rec.short_title,
            lead=rec.lead,
            text=rec.text,
            terms=tuple(terms.get(rec.number, ())),
        )
        for rec in Recommendation.objects.order_by("number")
    ]
    goals = [
        engine.GoalText(
            id=pk,
            text=text,
            group=f"{title} {description}",
            theme=f"{theme_name} {theme_description}",
        )
        for pk, text, title, description, theme_name, theme_description in OperationalGoal.objects.order_by(
            "pk"
        ).values_list(
            "pk",
            "text",
            "group__title",
            "group__description",
            "group__theme__name",
            "group__theme__description",
        )
    ]
    return engine.Index(goals=goals, recommendations=recommendations, options=options)


def suggestion_index() -> engine.Index:
    """The analysed texts, built once per process and kept until a text changes.

    Kept in memory rather than in the shared cache: the index is large, and unpickling it
    on every request would cost more than the ranking it serves. The cache holds a token per
    version, so clearing the cache (as a restore or a test does) also drops the kept index."""
    version = texts_version()
    key = "suggestions:index:" + hashlib.sha256(version.encode()).hexdigest()
    token = cache.get(key)
    with _lock:
        kept = _kept.get(version)
        if kept is not None and token is not None and kept[0] == token:
            return kept[1]
        index = index_build()
        if token is None:
            token = uuid.uuid4().hex
            cache.set(key, token, None)
        _kept.clear()
        _kept[version] = (token, index)
    return index


def decisions_get() -> engine.Decisions:
    """Every link and dismissal, which the learning reads; two queries."""
    return engine.Decisions(
        links=set(GoalLink.objects.values_list("goal_id", "recommendation__number")),
        dismissed=set(DismissedSuggestion.objects.values_list("goal_id", "recommendation__number")),
    )


def goal_suggestions(*, goal_ids: Iterable[int], top: int = 3) -> dict[int, list[engine.Suggestion]]:
    """Each goal's best suggestions, leaving out recommendations linked or dismissed."""
    return suggestion_index().rank(list(goal_ids), decisions=decisions_get(), top=top)


@dataclass(frozen=True)
class SimilarGoal:
    goal: OperationalGoal
    similarity: float


def goal_similar(*, goal: OperationalGoal, limit: int = 5) -> list[SimilarGoal]:
    """The goals of other agendas most like this one, each with its links; two queries
    after the index (the goals, and their links)."""
    index = suggestion_index()
    candidates = index.similar(goal.pk, limit=limit * 4)
    links = GoalLink.objects.select_related("recommendation").order_by("recommendation__number")
    found = {
        other.pk: other
        for other in OperationalGoal.objects.filter(pk__in=[pk for pk, _ in candidates])
        .exclude(group__theme__agenda=goal.group.theme.agenda_id)
        .select_related("group__theme__agenda__region")
        .prefetch_related(Prefetch("links", queryset=links))
    }
    return [SimilarGoal(found[pk], round(score, 2)) for pk, score in candidates if pk in found][:limit]
