"""Ranking recommendations for operational goals from their Dutch texts.

Pure Python, no database: the selectors feed it texts and decisions, the commands and pages
read its rankings. Each goal and each recommendation becomes a weighted bag of features
(word stems, the stems of the parts of compounds, and pairs of adjacent stems); a goal's
score for a recommendation is the cosine of the two, plus, once advisors have decided, its
likeness to the goals already linked to the recommendation (minus the dismissed ones)."""

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

# Dutch function words, and words every goal uses ("in 2027 is er in elke gemeente...")
# that say nothing about which recommendation a goal serves.
_STOPWORD_TEXT = """
aan af al alle alleen als andere ander anders bij binnen daar daarbij daarnaast dan dat de deze die
dit door een eerst elk elke en er ervan ge geen hebben heeft het hier hij hoe hun iedere ieder in is
je kan kunnen maar meer met moet moeten na naar niet nog nu of om onder ook op over per plaats sta
te tot tussen uit van vanaf vanuit veel via voor waar waarbij wat we wel welke wij wil willen word
worden wordt zal ze zich zij zijn zo zoals zowel zou etc bijvoorbeeld denk o.a onder andere hiervan
hierbij hiervoor gaan gaat maken maakt gemaakt jaar eind uiterlijk minimaal mogelijk nodig belang
belangrijk belangrijke essentieel dezelfde vaak waarin zelf zodat doordat omdat hoewel aangezien ervoor
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Parts of a compound that are a word on their own but carry no meaning as a part.
NOT_A_PART = frozenset({"onder", "over", "voor", "door", "mede", "uit", "aan", "ver", "ont", "be", "her"})
# Letters Dutch puts between the parts of a compound: gezondheid-s-vaardigheden.
LINKING = ("s", "e", "en")
MIN_PART = 4
WORD = re.compile(r"[a-z]+")

TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
TEXT_WEIGHT = 1.0
TERM_WEIGHT = 2.0
PART_WEIGHT = 0.6
PAIR_WEIGHT = 0.8
GROUP_WEIGHT = 0.5
THEME_WEIGHT = 0.4
# The similar-goals search keeps a feature's goal list up to this length at least.
COMMON_MIN = 20
# How much the likeness to linked (and dismissed) goals counts beside the texts.
LEARNED_WEIGHT = 0.8
DISMISSED_WEIGHT = 0.4


@dataclass(frozen=True)
class Options:
    """Which parts of the method are on; the evaluation switches them off one by one."""

    compounds: bool = True
    pairs: bool = True
    vocabulary: bool = True
    context: bool = True
    specificity: bool = True
    stemmer: str = "dutch_porter"


DEFAULT = Options()
PLAIN_TFIDF = Options(compounds=False, pairs=False, vocabulary=False, context=False, specificity=False)


def normalise(text: str) -> str:
    """Lower case without accents, so geïndiceerde and geindiceerde are one word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    return [word for word in WORD.findall(normalise(text)) if len(word) > 2 and word not in STOPWORDS]


@lru_cache(maxsize=8)
def _stemmer(name: str):
    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=200_000)
def stem(word: str, algorithm: str = "dutch_porter") -> str:
    return _stemmer(algorithm).stemWord(word)


class Lexicon:
    """The words known to stand on their own, for splitting compounds into them."""

    def __init__(self, known: Iterable[str]):
        self.known = {word for word in known if len(word) >= MIN_PART and word not in NOT_A_PART}
        self._splits: dict[str, tuple[str, ...]] = {}

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound, longest known head first; () when it is not one.

        gezondheidsvaardigheden → (gezondheid, vaardigheden); preventieakkoord → (preventie, akkoord)."""
        if word not in self._splits:
            self._splits[word] = self._split(word)
        return self._splits[word]

    def _split(self, word: str) -> tuple[str, ...]:
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            found = self._known_head(head)
            if found is None:
                continue
            if tail in self.known:
                return (found, tail)
            rest = self._split(tail)
            if rest:
                return (found, *rest)
        return ()

    def _known_head(self, head: str) -> str | None:
        if head in self.known:
            return head
        for link in LINKING:
            if head.endswith(link) and head[: -len(link)] in self.known:
                return head[: -len(link)]
        return None


@dataclass
class Analysed:
    """A text as features with weights, and for each feature the words it came from."""

    weights: Counter = field(default_factory=Counter)
    sources: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, feature: str, weight: float, source: str) -> None:
        self.weights[feature] += weight
        self.sources[feature].add(source)


class Analyser:
    def __init__(self, lexicon: Lexicon, options: Options):
        self.lexicon = lexicon
        self.options = options

    def analyse(self, text: str, weight: float, into: Analysed) -> Analysed:
        previous = None
        for word in words(text):
            root = stem(word, self.options.stemmer)
            into.add(root, weight, word)
            if self.options.compounds:
                for part in self.lexicon.split(word):
                    into.add(stem(part, self.options.stemmer), weight * PART_WEIGHT, word)
            if self.options.pairs and previous is not None:
                into.add(f"{previous[0]} {root}", weight * PAIR_WEIGHT, f"{previous[1]} {word}")
            previous = (root, word)
        return into


@dataclass(frozen=True)
class GoalText:
    id: int
    text: str
    group: str = ""
    theme: str = ""


@dataclass(frozen=True)
class RecommendationText:
    number: int
    title: str
    lead: str
    text: str
    terms: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Reason:
    """One feature that carried a match: the goal's words and the recommendation's words."""

    goal_words: tuple[str, ...]
    recommendation_words: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Suggestion:
    goal_id: int
    number: int
    score: float
    reasons: tuple[Reason, ...]
    learned: float = 0.0

    @property
    def terms(self) -> list[str]:
        return sorted({word for reason in self.reasons for word in reason.goal_words})


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {key: value / norm for key, value in vector.items()} if norm else {}


@dataclass
class Decisions:
    """Advisors' links and dismissals as (goal id, recommendation number) pairs."""

    links: set[tuple[int, int]] = field(default_factory=set)
    dismissed: set[tuple[int, int]] = field(default_factory=set)


class Index:
    """Every goal and recommendation analysed once; rankings are read from it."""

    def __init__(self, *, goals: list[GoalText], recommendations: list[RecommendationText], options: Options):
        self.options = options
        known = set()
        for rec in recommendations:
            known.update(words(" ".join([rec.title, rec.lead, rec.text, *(term for term, _ in rec.terms)])))
        for goal in goals:
            known.update(words(goal.text))
        self.analyser = Analyser(Lexicon(known), options)
        self.goal_sources: dict[int, dict[str, set[str]]] = {}
        raw_goals: dict[int, Counter] = {}
        for goal in goals:
            analysed = self.analyser.analyse(goal.text, 1.0, Analysed())
            # Copied: the group and theme words below count, but are not the goal's own words.
            self.goal_sources[goal.id] = {feature: set(found) for feature, found in analysed.sources.items()}
            if options.context:
                self.analyser.analyse(goal.group, GROUP_WEIGHT, analysed)
                self.analyser.analyse(goal.theme, THEME_WEIGHT, analysed)
            raw_goals[goal.id] = analysed.weights
        frequency = Counter(feature for weights in raw_goals.values() for feature in weights)
        total = len(raw_goals) + 1
        self.idf = {feature: math.log(total / (count + 1)) + 1.0 for feature, count in frequency.items()}
        self.goals = {
            goal_id: _unit(
                {f: (1 + math.log(w)) * self.idf[f] if w >= 1 else w * self.idf[f] for f, w in weights.items()}
            )
            for goal_id, weights in raw_goals.items()
        }
        self.recommendation_sources: dict[int, dict[str, set[str]]] = {}
        self.recommendations = self._profiles(recommendations)
        self.numbers = [rec.number for rec in recommendations]
        self._postings: dict[str, list[tuple[int, float]]] | None = None
        self._kept_learned: tuple[tuple[frozenset, frozenset], _Learned] | None = None

    def _profiles(self, recommendations: list[RecommendationText]) -> dict[int, dict[str, float]]:
        analysed = {}
        for rec in recommendations:
            bag = Analysed()
            self.analyser.analyse(rec.title, TITLE_WEIGHT, bag)
            self.analyser.analyse(rec.lead, LEAD_WEIGHT, bag)
            self.analyser.analyse(rec.text, TEXT_WEIGHT, bag)
            if self.options.vocabulary:
                for term, weight in rec.terms:
                    self.analyser.analyse(term, TERM_WEIGHT * weight, bag)
            analysed[rec.number] = bag
            self.recommendation_sources[rec.number] = bag.sources
        spread = Counter(feature for bag in analysed.values() for feature in bag.weights)
        count = len(analysed)
        profiles = {}
        for number, bag in analysed.items():
            profile = {}
            for feature, weight in bag.weights.items():
                value = (1 + math.log(weight)) if weight >= 1 else weight
                if self.options.specificity:
                    # A word in one recommendation only tells more than one in all ten.
                    value *= math.log(1 + count / spread[feature])
                profile[feature] = value * self.idf.get(feature, 1.0)
            profiles[number] = _unit(profile)
        return profiles

    def text_scores(self, goal_id: int) -> dict[int, float]:
        vector = self.goals[goal_id]
        return {
            number: sum(weight * profile.get(feature, 0.0) for feature, weight in vector.items())
            for number, profile in self.recommendations.items()
        }

    def similar(self, goal_id: int, limit: int = 5) -> list[tuple[int, float]]:
        """The goals most like this one, best first.

        Features in more than one goal in twenty are left out of the search: they add little
        to a likeness, and their long lists would make each search read most of the goals."""
        if self._postings is None:
            postings = defaultdict(list)
            for other, vector in self.goals.items():
                for feature, weight in vector.items():
                    postings[feature].append((other, weight))
            common = max(COMMON_MIN, len(self.goals) // 20)
            self._postings = {feature: found for feature, found in postings.items() if len(found) <= common}
        scores: Counter = Counter()
        for feature, weight in self.goals[goal_id].items():
            for other, other_weight in self._postings.get(feature, ()):
                scores[other] += weight * other_weight
        scores.pop(goal_id, None)
        return heapq.nlargest(limit, scores.items(), key=lambda pair: (pair[1], -pair[0]))

    def rank(
        self, goal_ids: Iterable[int], decisions: Decisions | None = None, top: int = 3, hide: Iterable[int] = ()
    ) -> dict[int, list[Suggestion]]:
        """For each goal, its best recommendations not linked or dismissed, with reasons.

        hide: goals whose own decisions are left out of the learning (leave-one-out)."""
        decisions = decisions or Decisions()
        learned = self._learned(decisions, set(hide))
        result = {}
        for goal_id in goal_ids:
            if goal_id not in self.goals:
                continue
            scores = self.text_scores(goal_id)
            bonus = learned.scores(goal_id)
            ranked = []
            for number, score in scores.items():
                decided = (goal_id, number) in decisions.dismissed or (goal_id, number) in decisions.links
                if decided and goal_id not in learned.hidden:
                    continue
                ranked.append((score + bonus.get(number, 0.0), number, bonus.get(number, 0.0)))
            ranked.sort(key=lambda item: (-item[0], item[1]))
            result[goal_id] = [
                Suggestion(goal_id, number, round(total, 4), self.reasons(goal_id, number), round(extra, 4))
                for total, number, extra in ranked[:top]
                if total > 0
            ]
        return result

    def _learned(self, decisions: Decisions, hidden: set[int]) -> "_Learned":
        """The sums of the decided goals, kept while the decisions stay the same: every page
        with suggestions would otherwise add up every link's vector again."""
        if hidden:
            return _Learned(self, decisions, hidden)
        key = (frozenset(decisions.links), frozenset(decisions.dismissed))
        if self._kept_learned is None or self._kept_learned[0] != key:
            self._kept_learned = (key, _Learned(self, decisions, hidden))
        return self._kept_learned[1]

    def reasons(self, goal_id: int, number: int, limit: int = 5) -> tuple[Reason, ...]:
        vector, profile = self.goals[goal_id], self.recommendations[number]
        carried = sorted(
            ((weight * profile[feature], feature) for feature, weight in vector.items() if feature in profile),
            reverse=True,
        )
        reasons = []
        own = self.goal_sources[goal_id]
        shown: set[tuple[str, ...]] = set()
        for weight, feature in carried:
            # Only the goal's own words are shown, each once (a word's stem and its compound
            # parts are separate features); its group and theme also count, unshown.
            if feature not in own or len(reasons) == limit or tuple(sorted(own[feature])) in shown:
                continue
            shown.add(tuple(sorted(own[feature])))
            reasons.append(
                Reason(
                    goal_words=tuple(sorted(own[feature])),
                    recommendation_words=tuple(sorted(self.recommendation_sources[number][feature]))[:3],
                    weight=round(weight, 4),
                )
            )
        return tuple(reasons)


class _Learned:
    """The advisors' decisions as, per recommendation, the sum of the linked goals' vectors.

    A goal scores the mean likeness to those goals; a goal in hidden (leave-one-out) has its
    own vector taken out of the sums first."""

    def __init__(self, index: Index, decisions: Decisions, hidden: set[int]):
        self.index = index
        self.hidden = hidden
        self.linked = self._sums(decisions.links)
        self.dismissed = self._sums(decisions.dismissed)

    def _sums(self, pairs: set[tuple[int, int]]) -> dict[int, tuple[Counter, int, set[int]]]:
        sums: dict[int, tuple[Counter, int, set[int]]] = {}
        for goal_id, number in pairs:
            vector = self.index.goals.get(goal_id)
            if vector is None:
                continue
            total, count, members = sums.setdefault(number, (Counter(), 0, set()))
            total.update(vector)
            sums[number] = (total, count + 1, members | {goal_id})
        return sums

    def scores(self, goal_id: int) -> dict[int, float]:
        vector = self.index.goals[goal_id]
        result: dict[int, float] = defaultdict(float)
        for sums, weight in ((self.linked, LEARNED_WEIGHT), (self.dismissed, -DISMISSED_WEIGHT)):
            for number, (total, count, members) in sums.items():
                own = goal_id in members
                if own and goal_id not in self.hidden:
                    continue
                count -= own
                if count <= 0:
                    continue
                dot = sum(w * total.get(f, 0.0) for f, w in vector.items()) - (1.0 if own else 0.0)
                result[number] += weight * dot / count
        return result


def highlight(text: str, marked: Iterable[str]) -> list[tuple[str, bool]]:
    """The text in pieces, each with whether it is one of the marked words (as words() gives them)."""
    marked = set(marked)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in re.finditer(r"\w+", text):
        if normalise(match.group()) in marked:
            if match.start() > position:
                pieces.append((text[position : match.start()], False))
            pieces.append((match.group(), True))
            position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
