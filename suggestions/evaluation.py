"""How well the suggestions find the links advisors made: recall and precision at 1 and 3."""

from collections import Counter
from dataclasses import dataclass, field

from suggestions.engine import Decisions, Index


@dataclass
class Figures:
    goals: int = 0
    links: int = 0
    hits: dict[int, int] = field(default_factory=lambda: {1: 0, 3: 0})
    per_recommendation: dict[int, dict[str, float]] = field(default_factory=dict)

    def recall(self, k: int) -> float:
        return self.hits[k] / self.links if self.links else 0.0

    def precision(self, k: int) -> float:
        return self.hits[k] / (k * self.goals) if self.goals else 0.0

    def as_dict(self) -> dict:
        return {
            "goals": self.goals,
            "links": self.links,
            "recall_at_1": round(self.recall(1), 3),
            "recall_at_3": round(self.recall(3), 3),
            "precision_at_1": round(self.precision(1), 3),
            "precision_at_3": round(self.precision(3), 3),
            "per_recommendation": self.per_recommendation,
        }


def evaluate(*, index: Index, truth: dict[int, set[int]], decisions: Decisions | None = None) -> Figures:
    """Suggest for each goal with links in truth, its own decisions hidden (leave-one-out),
    and compare the suggestions with its links. decisions: what the learning may use."""
    decisions = decisions or Decisions()
    goals = [goal_id for goal_id, numbers in truth.items() if numbers and goal_id in index.goals]
    figures = Figures(goals=len(goals))
    true_count: Counter = Counter()
    hits = {1: Counter(), 3: Counter()}
    suggested = {1: Counter(), 3: Counter()}
    for goal_id in goals:
        ranked = index.rank([goal_id], decisions=decisions, top=3, hide=[goal_id])[goal_id]
        numbers = truth[goal_id]
        figures.links += len(numbers)
        true_count.update(numbers)
        for k in (1, 3):
            top = {suggestion.number for suggestion in ranked[:k]}
            suggested[k].update(top)
            hits[k].update(top & numbers)
            figures.hits[k] += len(top & numbers)
    for number in sorted(index.numbers):
        figures.per_recommendation[number] = {
            "links": true_count[number],
            "recall_at_1": _ratio(hits[1][number], true_count[number]),
            "recall_at_3": _ratio(hits[3][number], true_count[number]),
            "precision_at_1": _ratio(hits[1][number], suggested[1][number]),
            "precision_at_3": _ratio(hits[3][number], suggested[3][number]),
        }
    return figures


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
