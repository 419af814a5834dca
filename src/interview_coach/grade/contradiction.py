"""Does the part of an answer aligned to a key point assert the opposite of it?

Only a sentence already aligned to the point is read (grader.py decides the alignment), and only where both say
something about the same thing — a shared *anchor* word — is a clash reported:

- direction: both sides move the same anchor, in opposite directions ("bias goes down" / "bias rises";
  "reduces overfitting" agrees with "doesn't overfit": each lowers "overfit");
- negation: one side negates the predicate the other asserts ("detectable without labels" / "you need labels");
- antonym: one side has a word, the other its opposite next to the same anchor ("sparse model" / "dense model",
  "subtract the max" / "subtract the min", "divide by √d" / "multiply by √d");
- numbers: both give a number for the same anchor and none agree ("within 30 min" / "within 3 hours").

A word on its own never fires: "over- or underfitting" and "overfitting or underfitting" share both words, and
"doesn't overfit" only negates what "reduces overfitting" already lowers. Every clash names both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interview_coach.grade.lexical import NEGATIONS, STOPWORDS, normalise, numbers, stem

# Multi-word expressions of one value, read as one word so they can be each other's opposites.
_PHRASES = [
    (re.compile(r"\b(?:on|in) time\b|\b(?:on|ahead of) schedule\b|\b(?:before|by) the deadline\b", re.I), "ontime"),
    (
        re.compile(r"\b(?:after|past) the deadline\b|\bbehind schedule\b|\bmissed the deadline\b|\bdelayed\b", re.I),
        "late",
    ),
    (re.compile(r"\blow[- ]rank\b", re.I), "lowrank"),
    # "turned off" / "stays on": the particle carries the value, and "on"/"off" alone are too common to read
    (
        re.compile(r"\b(?:turn|turns|turned|switch|switches|switched|stay|stays|stayed|kept|keep|keeps) off\b", re.I),
        "disabled",
    ),
    (
        re.compile(r"\b(?:turn|turns|turned|switch|switches|switched|stay|stays|stayed|kept|keep|keeps) on\b", re.I),
        "enabled",
    ),
    (re.compile(r"\bfine[- ]tun(e|es|ed|ing)\b", re.I), r"finetun\1"),  # one verb, not "fine" and "tune"
    # "training set" and "training data" are one thing (likewise test / validation / labelled data)
    (re.compile(r"\b(training|test|validation|held-out|labell?ed) (?:data ?sets?|sets?|examples)\b", re.I), r"\1 data"),
]
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9']*|\d+(?:\.\d+)?%?|[,;:()—–]|(?<!\w)-(?!\w)|\.(?=\s|$)")
# Where a clause ends: punctuation (not inside "2,000", "1:1", "e.g.", "0.05"), or before a contrastive or causal
# conjunction, which starts the next clause.
_BREAK = re.compile(
    r"(?<!\d),|,(?!\d)|[;()—–]|(?<!\d):|:(?!\d)|(?<!\w)-(?!\w)|(?<!e\.g)(?<!i\.e)\.(?=\s|$)"
    r"|(?=\b(?:but|whereas|while|although|though|because|since|unlike|yet|however)\b)",
    re.IGNORECASE,
)
_PUNCTUATION = frozenset(",;:()—–-.")
# Words between a negator and what it negates: "doesn't *really* select", "isn't *one that* keeps".
_SLASH = re.compile(r"(?<=[\w)\u0300-\u036f])\s*/\s*(?=[\w(√])")  # "m/(√v + ε)": a division, read as "over"
_NON = re.compile(r"\bnon-(?=\w)", re.IGNORECASE)  # "non-linearity" is one word, not a negation
_SKIP = frozenset(
    "really usually actually just always exactly even all any anything everything one that always much very "
    "necessarily quite fully simply only ever also still always generally typically need needs have has to".split()
)
_PRONOUNS = frozenset("it them this that these those".split())
_COPULA = frozenset("is are was were be been being seems seem looks look".split())
_MEASURE = frozenset("times x × roughly about around approximately nearly almost some".split())
_PREPOSITIONS = frozenset("between from over during with after when at in on by per across each every until as".split())
_UNIVERSAL = frozenset("both all every everything always entirely fully completely".split())  # "not all" ≠ "none"
_LITOTES = frozenset("bad good great hard easy big small fit idea problem issue coincidence".split())
_LIGHT = frozenset("go goes going went gone get gets got getting become becomes became stay stays end ends up".split())
_DOWN_TRANSITIVE = frozenset(
    "reduce reduces reduced reducing lower lowers lowering cut cuts cutting prevent prevents prevented preventing "
    "avoid avoids avoiding eliminate eliminates remove removes removing damp damps dampen dampens minimise "
    "minimises minimize minimizes mitigate mitigates suppress suppresses shrink shrinks decrease decreases "
    "decreasing lessen lessens fight fights combat combats limit limits curb curbs stop stops".split()
)
_UP_TRANSITIVE = frozenset(
    "raise raises raising boost boosts amplify amplifies amplified maximise maximises maximize maximizes "
    "increase increases increasing grow grows enlarge enlarges lift lifts".split()
)
_DOWN_INTRANSITIVE = frozenset(
    "drop drops dropped dropping fall falls fell falling decline declines shrink shrinks shrank decrease "
    "decreases decreased down slows lower".split()
)
_UP_INTRANSITIVE = frozenset("rise rises rose rising grow grows grew increase increases increased up higher".split())
_COMPARATIVE = {
    **dict.fromkeys("more higher larger bigger greater stronger heavier".split(), 1),
    **dict.fromkeys("less fewer lower smaller weaker lighter".split(), -1),
}
# Opposite values of one attribute. Each pair is only read next to a shared anchor, never on its own.
_ANTONYM_PAIRS = [
    ("sparse", "dense"),
    ("zero", "nonzero"),
    ("max", "min"),
    ("maximum", "minimum"),
    ("argmax", "argmin"),
    ("largest", "smallest"),
    ("highest", "lowest"),
    ("nearest", "farthest"),
    ("closest", "farthest"),
    ("before", "after"),
    ("first", "last"),
    ("early", "late"),
    ("earlier", "later"),
    ("divide", "multiply"),
    ("divided", "multiplied"),
    ("divides", "multiplies"),
    ("subtract", "add"),
    ("subtracted", "added"),
    ("subtracts", "adds"),
    ("minus", "plus"),
    ("increasing", "decreasing"),
    ("ascending", "descending"),
    ("positive", "negative"),
    ("positives", "negatives"),
    ("overfit", "underfit"),
    ("overfits", "underfits"),
    ("overfitting", "underfitting"),
    ("bias", "variance"),
    ("precision", "recall"),
    ("convex", "nonconvex"),
    ("supervised", "unsupervised"),
    ("online", "offline"),
    ("frozen", "updated"),
    ("freeze", "update"),
    ("freezes", "updates"),
    ("biased", "unbiased"),
    ("shared", "separate"),
    ("together", "separately"),
    ("separately", "jointly"),
    ("calibrated", "uncalibrated"),
    ("stable", "unstable"),
    ("true", "false"),
    ("correct", "wrong"),
    ("right", "wrong"),
    ("success", "failure"),
    ("inside", "outside"),
    ("within", "outside"),
    ("local", "global"),
    ("always", "never"),
    ("faster", "slower"),
    ("fast", "slow"),
    ("cheap", "expensive"),
    ("cheaper", "costlier"),
    ("small", "large"),
    ("smaller", "larger"),
    ("smaller", "bigger"),
    ("short", "long"),
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("rise", "fall"),
    ("rises", "drops"),
    ("open", "closed"),
    ("openly", "privately"),
    ("publicly", "privately"),
    ("ontime", "late"),  # "on time", "on schedule" / "late", "after the deadline" (see _PHRASES)
    ("full", "lowrank"),  # "full matrix" / "low-rank update"
    ("above", "below"),
    ("upper", "lower"),
    ("start", "end"),
    ("beginning", "end"),
    ("top", "bottom"),
    ("forward", "backward"),
    ("input", "output"),
    ("row", "column"),
    ("rows", "columns"),
    ("horizontal", "vertical"),
    ("encoder", "decoder"),
    ("synchronous", "asynchronous"),
    ("sync", "async"),
    ("static", "dynamic"),
    ("deterministic", "stochastic"),
    ("linear", "nonlinear"),
    ("symmetric", "asymmetric"),
    ("required", "optional"),
    ("necessary", "unnecessary"),
    ("include", "exclude"),
    ("included", "excluded"),
    ("accept", "reject"),
    ("accepted", "rejected"),
    ("enable", "disable"),
    ("enabled", "disabled"),
    ("allow", "block"),
    ("many", "few"),
    # quantifiers: all of them against a few of them ("every token attends to every other" / "only a few")
    ("all", "few"),
    ("every", "few"),
    ("everything", "little"),
    ("everyone", "nobody"),
    ("most", "least"),
    ("best", "worst"),
    ("better", "worse"),
    ("improve", "worsen"),
    ("improves", "hurts"),
    ("helps", "hurts"),
    ("pass", "fail"),
    ("passes", "fails"),
    ("succeeded", "failed"),
    ("overestimate", "underestimate"),
    ("overestimates", "underestimates"),
    ("high", "low"),
    ("shallow", "deep"),
    ("simple", "complex"),
    ("narrow", "wide"),
    ("hard", "soft"),
    ("explicit", "implicit"),
    ("manual", "automatic"),
    ("manually", "automatically"),
    ("centralised", "distributed"),
    ("internal", "external"),
    ("labelled", "unlabelled"),
    ("labeled", "unlabeled"),
    ("lossy", "lossless"),
    ("majority", "minority"),
    ("common", "rare"),
    ("frequent", "rare"),
    ("agree", "disagree"),
    ("agreed", "disagreed"),
    ("approve", "reject"),
    ("approved", "rejected"),
    ("read", "write"),
    ("reads", "writes"),
    ("warm", "cold"),
    ("push", "pull"),
    ("constant", "varying"),
    ("l1", "l2"),
    ("bagging", "boosting"),
    ("classification", "regression"),
    ("generative", "discriminative"),
    ("exploration", "exploitation"),
    ("oversample", "undersample"),
    ("upsample", "downsample"),
    ("stateless", "stateful"),
    ("single", "multiple"),
    ("left", "right"),
    ("damps", "amplifies"),
    ("damped", "amplified"),
    ("accelerates", "slows"),
    ("cancels", "amplifies"),
    ("parallel", "sequential"),
    ("parallel", "sequentially"),
    ("independent", "dependent"),
]
_GROUPS = [
    ({"subtract", "minus", "deduct"}, {"add", "plus"}),
    ({"divide", "divided", "over"}, {"multiply", "multiplied", "times"}),
    ({"freeze", "frozen", "fixed"}, {"update", "updated", "train", "trained", "trainable", "finetune", "finetuned"}),
    ({"single", "global"}, {"separate", "individual", "own", "per"}),  # one for all vs one each
]
_ANTONYMS: dict[str, set[str]] = {}
for _left, _right in [({a}, {b}) for a, b in _ANTONYM_PAIRS] + _GROUPS:
    for _a in _left:
        for _b in _right:
            _ANTONYMS.setdefault(stem(_a), set()).add(stem(_b))
            _ANTONYMS.setdefault(stem(_b), set()).add(stem(_a))
_CONDITIONAL = frozenset("if when whenever once as with".split())
_SET_ASIDE = frozenset(
    "defer defers deferred deferring postpone postpones postponed postponing skip skips skipped skipping omit omits "
    "omitted omitting exclude excludes excluded excluding".split()
)
_CONSEQUENCE = frozenset("that this it which because since otherwise or".split())  # "don't X — that Ys"
_DISMISSIVE = frozenset("useless pointless misleading unnecessary meaningless irrelevant unreliable worthless".split())
_NEGATORS = NEGATIONS | {
    "rather",
    "instead",
    "otherwise",
    "nobody",
    "missing",
    "lacks",
    "lack",
    "lacking",
}  # "by user rather than by request", "instead of at the end"
_DOWN_TRANSITIVE = frozenset(
    _DOWN_TRANSITIVE | {stem(w) for w in _DOWN_TRANSITIVE} | {w + "d" for w in _DOWN_TRANSITIVE if w.endswith("e")}
)
_UP_TRANSITIVE = frozenset(_UP_TRANSITIVE | {w + "d" for w in _UP_TRANSITIVE if w.endswith("e")})
_OPERATORS = _DOWN_TRANSITIVE | _UP_TRANSITIVE | _DOWN_INTRANSITIVE | _UP_INTRANSITIVE | set(_COMPARATIVE)
_SYNONYMS: dict[str, set[str]] = {}
for _side in [side for group in _GROUPS for side in group]:
    for _a in _side:
        _SYNONYMS.setdefault(stem(_a), set()).update(stem(b) for b in _side)
ANCHOR_WINDOW = 3  # content words either side of a word that it is "about"
LEAD_IN_ALWAYS = True
CONTEXT_FRAGMENT = 4  # a clause with this few content words is read with the clause before it
NEGATION_SCOPE = 3  # content words after a negator that it covers
TAIL_WORDS = 3  # a clause this short ("two weeks late") is a tail of the clause before it for antonyms


@dataclass(frozen=True)
class Clash:
    kind: str  # direction | negation | antonym | number
    said: str  # the answer's whole clause, as written
    notes: str  # the notes' whole clause, as written
    said_words: str = ""  # the few words of the answer the clash is about ("goes up")
    notes_words: str = ""

    @classmethod
    def of(cls, kind: str, said: tuple[str, str], notes: tuple[str, str]) -> Clash:
        return cls(kind, said[0], notes[0], said[1], notes[1])

    def message(self) -> str:
        return f"you said: “{self.said}”; your notes say: “{self.notes}”"


@dataclass
class _Word:
    text: str
    stem: str
    clause: int
    index: int


class _Reading:
    """One side's words, their clauses, and the sign each operator puts on the content words around it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = _clauses(text)  # each clause's (start, end) in the text, for quoting it whole
        self.words: list[_Word] = []
        self.after_paren: set[int] = set()  # clauses that go on after a parenthesis: "the objective (…) never rises"
        for clause, (start, end) in enumerate(self.bounds):
            if start > 0 and text[:start].rstrip().endswith(")"):
                self.after_paren.add(clause)
            part = text[start:end]
            if text[end : end + 1] == "(" and part.rstrip().endswith("/"):  # "TP / (TP + FN)": a division
                part = part.rstrip()[:-1] + " over "
            for token in _TOKEN.findall(_phrases(_NON.sub("non", _SLASH.sub(" over ", normalise(part))))):
                low = token.lower()
                if low not in _PUNCTUATION:
                    self.words.append(_Word(low, stem(low), clause, len(self.words)))
        self.content = [w for w in self.words if _is_content(w.text)]
        self.stems = {w.stem for w in self.content}
        self.sign: dict[str, set[int]] = {}  # anchor stem → +1 raised/asserted, -1 lowered/negated (per mention)
        self.where: dict[str, tuple[str, str]] = {}  # anchor stem → the words that say so
        self.negated: dict[str, tuple[str, str]] = {}  # stem → the words negating it ("doesn't really select")
        self.marked: set[int] = set()  # clauses with a negation or a direction word
        self.flipped: set[int] = set()  # operators under a negation: "doesn't increase" lowers
        self.flipped_clauses: set[int] = set()
        self.negated_scope: dict[str, list[str]] = {}
        self.clause_sign: dict[int, int] = {}  # clause → the sign its first operator puts on its target
        self.negated_heads: list[_Word] = []  # the predicates negated, in order
        self.negator: dict[str, str] = {}  # negated stem → the negating word's stem ("missing")
        self.ended: set[str] = set()  # negated stems that are "no longer" so ("no longer in the window")
        self.alternative: dict[str, str] = {}  # negated stem → the stem asserted instead ("variance, not bias")
        self._read_operators()
        self._mark_set_aside()

    def _set(self, word: _Word, sign: int, operator: _Word) -> None:
        if operator.index in self.flipped or operator.clause in self.flipped_clauses:
            sign = -sign
        self.sign.setdefault(word.stem, set()).add(sign)
        self.clause_sign.setdefault(operator.clause, sign)
        if word.stem not in self.where or len(self.sign[word.stem]) == 1:
            self.where[word.stem] = self.phrase(min(word.index, operator.index), max(word.index, operator.index))

    def phrase(self, start: int, end: int) -> tuple[str, str]:
        """The whole clause(s) holding words start…end, as written (a short fragment with the clause before it:
        "we shipped it, two weeks late"), and the words start…end themselves with one either side."""
        lo, hi = self.words[start].clause, self.words[end].clause
        if lo > 0 and sum(w.clause == lo for w in self.content) <= CONTEXT_FRAGMENT:
            lo -= 1
        core = " ".join(w.text for w in self.words[max(0, start - 1) : end + 2])
        return _quote(self.text, self.bounds[lo][0], self.bounds[hi][1]), core

    def _after(self, word: _Word, limit: int) -> list[_Word]:
        found: list[_Word] = []
        for other in self.words[word.index + 1 :]:
            if other.clause != word.clause or len(found) >= limit:
                break
            if other.text in _SKIP or other.text in _LIGHT or not _is_content(other.text):
                continue
            if other.text in _NEGATORS or other.text in _OPERATORS:
                break
            found.append(other)
        return found

    def _predicate(self, word: _Word) -> bool:
        """The word right before is a copula or a light verb: "gets larger", "is smaller", "looks worse"."""
        if word.index == 0 or self.words[word.index - 1].clause != word.clause:
            return False
        return self.words[word.index - 1].text in _LIGHT | _COPULA

    def _followed_by_any(self, word: _Word, texts: frozenset[str]) -> bool:
        return word.index + 1 < len(self.words) and self.words[word.index + 1].text in texts

    def _followed_by(self, word: _Word, text: str) -> bool:
        return word.index + 1 < len(self.words) and self.words[word.index + 1].text == text

    def _next_meaningful(self, word: _Word) -> _Word | None:
        for other in self.words[word.index + 1 :]:
            if other.clause != word.clause:
                return None
            if other.text in _OPERATORS:  # "can't go up": "up" is a stopword, but here it is the verb
                return other
            if other.text in _SKIP or other.text in _LIGHT or other.text in STOPWORDS:
                continue
            return other
        return None

    def _before(self, word: _Word) -> _Word | None:
        for other in reversed(self.words[: word.index]):
            if other.clause != word.clause and not (
                word.clause in self.after_paren and other.clause == word.clause - 1
            ):
                return None
            if other.text in _LIGHT or other.text in STOPWORDS or other.text in _SKIP or _negates(other.text):
                continue
            if other.text in _MEASURE or stem(other.text).replace(".", "").isdigit():
                continue  # "ten times higher", "roughly 2x lower": the amount, not what changes
            return other if _is_content(other.text) and other.text not in _OPERATORS else None
        return None

    def _mark_set_aside(self) -> None:
        """Clauses that say a thing is put off or left out ("fancy dashboards deferred") or what goes wrong if a
        prohibition is broken ("don't shuffle — that leaks the future into training") do not assert their words:
        "no dashboards" and "never train on the future" agree with them."""
        opening: dict[int, list[str]] = {}  # each clause's first two words
        for word in self.words:
            if word.text in _SET_ASIDE:
                self.marked.add(word.clause)
            if len(opening.setdefault(word.clause, [])) < 2:
                opening[word.clause].append(word.text)
        for clause in range(1, len(self.bounds)):
            between = self.text[self.bounds[clause - 1][1] : self.bounds[clause][0]]
            first, before = opening.get(clause, [])[:1], opening.get(clause - 1, [])
            if "." in between or not first or first[0] not in _CONSEQUENCE:
                continue
            if any(_negates(text) or text == "avoid" for text in before):  # the clause before is a prohibition
                self.marked.add(clause)

    def _read_operators(self) -> None:
        for word in self.words:
            text = word.text
            if text == "rather" and not self._followed_by(word, "than"):
                continue  # "I'd rather use PR-AUC" prefers; only "rather than" sets one thing against another
            if text in _NEGATORS or text.endswith("n't"):
                self.marked.add(word.clause)
                following = self._next_meaningful(word)
                if following is not None and following.text in _OPERATORS:
                    self.flipped.add(following.index)  # "doesn't increase" lowers
                    continue
                if text == "otherwise":  # "otherwise the products would grow": the clause is the opposite case
                    self.flipped_clauses.add(word.clause)
                    continue
                scope = self._after(word, 3)  # the predicate it negates: "doesn't *really* select features"
                ended = (
                    bool(scope) and scope[0].text == "longer" and self.words[scope[0].index - 1].text in ("no", "any")
                )
                if ended:  # "no longer in a closed path" negates the path, not a length
                    scope = self._after(scope[0], 3)
                    self.ended.update(w.stem for w in scope[:1])
                between = {w.text for w in self.words[word.index + 1 : scope[0].index + 2]} if scope else set()
                meaningful = scope and (len(scope[0].text) >= 3 or scope[0].text.isdigit())
                if meaningful and scope[0].text not in _LITOTES and not between & _UNIVERSAL:
                    self.negated.setdefault(scope[0].stem, self.phrase(word.index, scope[0].index))
                    self.negator.setdefault(scope[0].stem, word.stem)
                    self._carry(word, scope[0])
                    alternative = self._alternative(word)
                    if alternative is not None:
                        self.alternative.setdefault(scope[0].stem, alternative.stem)
                    rest = [w for w in self.content[self.content.index(scope[0]) :] if w.clause == word.clause]
                    self.negated_scope[scope[0].stem] = [w.stem for w in rest[:5]]
                    self.negated_heads.append(scope[0])
                continue
            if text in _OPERATORS or stem(text) in _OPERATORS or text in _DISMISSIVE:
                self.marked.add(word.clause)
            objects = self._after(word, 2)
            if self._followed_by_any(word, _PRONOUNS):
                objects = []  # "lowering it makes the noise go up": the object is "it", not the words after
            if text in _COMPARATIVE:
                # "a rate ten times lower than …": the comparative is said of what comes before it
                predicate = self._predicate(word)  # "the gradient gets larger": said of the subject
                before = self._followed_by(word, "than") or not objects or predicate
                target = self._before(word) if before else objects[0]
                if target is not None:
                    self._set(target, _COMPARATIVE[text], word)
                verb = self._before(word)
                if objects and objects[0].text.endswith("ly") and verb is not None and verb is not target:
                    self._set(verb, _COMPARATIVE[text], word)  # "regularises less strongly": less regularisation
                if target is not None and objects[1:] and objects[1].index == objects[0].index + 1 == target.index + 1:
                    self._set(objects[1], _COMPARATIVE[text], word)  # "a larger learning rate": the rate too
            elif (
                objects
                and (text in _DOWN_TRANSITIVE | _UP_TRANSITIVE or stem(text) in _DOWN_TRANSITIVE)
                and not (text in _DOWN_INTRANSITIVE | _UP_INTRANSITIVE and self._preposition_next(word))
            ):  # "the loss increases between epochs": no object, the loss rises
                for target in objects:
                    down = text in _DOWN_TRANSITIVE or stem(text) in _DOWN_TRANSITIVE
                    self._set(target, -1 if down else 1, word)
            elif text in _DOWN_INTRANSITIVE | _UP_INTRANSITIVE:
                subject = self._before(word)
                if subject is not None:
                    self._set(subject, -1 if text in _DOWN_INTRANSITIVE else 1, word)

    def complements(self, head: _Word, word: _Word) -> bool:
        """The word completes the predicate `head` ("ship … late"), not a phrase after a preposition ("not
        separated *from the negative* terminal" does not negate "negative")."""
        if word.clause != head.clause or word.index <= head.index:
            return False
        between = self.words[head.index + 1 : word.index]
        content = [w for w in between if _is_content(w.text)]
        return len(content) < 5 and not any(w.text in _PREPOSITIONS | {"to", "of", "for"} for w in between)

    def _preposition_next(self, word: _Word) -> bool:
        following = self.words[word.index + 1] if word.index + 1 < len(self.words) else None
        return following is None or following.clause != word.clause or following.text in _PREPOSITIONS

    def _carry(self, negator: _Word, head: _Word) -> None:
        """A negation carries over a coordinated verb: "don't peek and stop early" does not say "stop early"."""
        rest = [w for w in self.words[head.index + 1 :] if w.clause == negator.clause]
        for left, right in zip(rest, rest[1:], strict=False):
            if left.text in ("and", "or") and right.text in _OPERATORS:
                self.flipped.add(right.index)

    def _alternative(self, negator: _Word) -> _Word | None:
        """The content word a contrastive negation sets against what it negates: "variance, not bias",
        "request rather than user" — the last content word just before the negator, at most one clause back."""
        if negator.text not in ("not", "rather", "instead", "never"):
            return None
        for other in reversed(self.words[: negator.index]):
            if negator.clause - other.clause > 1:
                return None
            if _is_content(other.text) and other.text not in _SKIP and other.text not in _OPERATORS:
                return other
        return None

    def case_sign(self) -> int:
        """The direction of the case a claim is made for, when it opens with one ("*Lowering* it catches more
        positives: …", "If you push the threshold *up*, …"): 0 when it does not."""
        if not self.words or 0 not in self.clause_sign:
            return 0
        first = self.words[0].text
        if len(self.bounds) < 2 and not (first.endswith("ing") and first in _OPERATORS | _DOWN_TRANSITIVE):
            return 0  # one clause opens with a case only as a gerund subject: "Lowering it makes the noise go up"
        if first.endswith("ing") and first in _DOWN_TRANSITIVE | _UP_TRANSITIVE:  # the gerund is the case
            return -1 if first in _DOWN_TRANSITIVE else 1
        opens = first in _CONDITIONAL or first in _OPERATORS or stem(first) in _DOWN_TRANSITIVE
        return self.clause_sign[0] if opens else 0

    def said_in_clause(self, text: str, clause: int) -> bool:
        return any(w.text == text and w.clause == clause for w in self.words)

    def plain_mentions(self, stem_: str) -> bool:
        """The stem occurs, never negated, and only in clauses with no negation or direction word."""
        mentions = [w for w in self.content if w.stem == stem_]
        return bool(mentions) and stem_ not in self.negated and all(w.clause not in self.marked for w in mentions)

    def near(self, word: _Word, bounded: bool = True) -> set[str]:
        """Content stems within the anchor window of a word, in its clause; a short fragment is read with the
        end of the clause before it ("we shipped it, two weeks late")."""
        clause = [w for w in self.content if w.clause == word.clause or not bounded]
        position = clause.index(word) if word in clause else -1
        if position < 0:
            return set()
        lo, hi = max(0, position - ANCHOR_WINDOW), position + ANCHOR_WINDOW + 1
        found = {w.stem for w in clause[lo:hi] if w is not word}
        if bounded and sum(w.clause == word.clause for w in self.words) <= TAIL_WORDS:
            before = [w for w in self.content if w.clause == word.clause - 1]
            found |= {w.stem for w in before[-ANCHOR_WINDOW:]}
        return found

    def clause_stems_at(self, clause: int) -> set[str]:
        """Content stems of one clause, with the clause before it when it is a short fragment."""
        stems = {w.stem for w in self.content if w.clause == clause}
        if clause > 0 and len(stems) <= CONTEXT_FRAGMENT:
            stems |= {w.stem for w in self.content if w.clause == clause - 1}
        return stems

    def clause_stems(self, stem_: str) -> set[str]:
        """Content stems of the clauses where a stem occurs."""
        clauses = {w.clause for w in self.content if w.stem == stem_}
        return {w.stem for w in self.content if w.clause in clauses}


def _clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of the text; a break's own character belongs to neither side."""
    bounds, start = [], 0
    for match in _BREAK.finditer(text):
        if text[start : match.start()].strip():
            bounds.append((start, match.start()))
            start = match.end()
        elif match.end() > match.start():  # ", but": one break, not an empty clause between
            start = match.end()
    bounds.append((start, len(text)))
    return bounds or [(0, 0)]


def _quote(text: str, start: int, end: int) -> str:
    """text[start:end] with a parenthesis it opens or closes kept whole, trimmed of edge punctuation."""
    part = text[start:end]
    if part.count("(") > part.count(")") and text.find(")", end) >= 0:
        end = text.find(")", end) + 1
    if part.count(")") > part.count("(") and text.rfind("(", 0, start) >= 0:
        start = text.rfind("(", 0, start)
    return text[start:end].strip(" ,;:—–-.\n\t") or text.strip()


def _negates(text: str) -> bool:
    return text in _NEGATORS or text.endswith("n't")


def _phrases(text: str) -> str:
    for pattern, word in _PHRASES:
        text = pattern.sub(word, text)
    return text


def _is_content(text: str) -> bool:
    return (text not in STOPWORDS or text in ("before", "after")) and text not in _NEGATORS


def clashes(point: str, span: str) -> list[Clash]:
    """The ways `span` (the answer's words aligned to the key point) asserts the opposite of `point`."""
    notes, said = _Reading(point), _Reading(span)
    shared = notes.stems & said.stems
    found = _direction(notes, said, shared) or _negation(notes, said, shared) or _antonym(notes, said, shared)
    found = found or _same_object(notes, said) or _swapped(notes, said) or _unchanged(notes, said)
    return found or _numbers(point, span, notes, said, shared)


def contradicts(point: str, span: str) -> bool:
    return bool(clashes(point, span))


def _direction(notes: _Reading, said: _Reading, shared: set[str]) -> list[Clash]:
    if _opposite_cases(notes, said):
        return []
    out = []
    for anchor in sorted(shared & set(notes.sign) & set(said.sign)):
        if not notes.sign[anchor] & said.sign[anchor]:
            out.append(Clash.of("direction", said.where[anchor], notes.where[anchor]))
    return out[:1]


def opposite_cases(point: str, span: str) -> bool:
    """The two open with opposite cases ("Lowering it, …" / "If you push it up, …"): not the same claim."""
    return _case_sign_of(point) * _case_sign_of(span) < 0


_FIRST_WORD = re.compile(r"[A-Za-z']+")


@lru_cache(maxsize=4096)
def _case_sign_of(text: str) -> int:
    first = _FIRST_WORD.search(text)
    word = first.group(0).lower() if first else ""
    if word not in _CONDITIONAL and word not in _OPERATORS and stem(word) not in _DOWN_TRANSITIVE:
        return 0  # no case opens it: skip reading the sentence (this runs for many point–span pairs)
    return _Reading(text).case_sign()


def _opposite_cases(notes: _Reading, said: _Reading) -> bool:
    """Opposite cases have opposite effects: "lowering it, recall goes up" agrees with "push it up, recall falls"."""
    return notes.case_sign() * said.case_sign() < 0


def _is_direction(text: str) -> bool:
    return text in _OPERATORS or stem(text) in _DOWN_TRANSITIVE or text in ("rise", "fall", "falls", "drop")


def _negation(notes: _Reading, said: _Reading, shared: set[str]) -> list[Clash]:
    """A word negated on one side and asserted plainly on the other (in a clause with no negation or direction
    word at all: "none of the guardrails get worse" is not against "guardrails don't regress")."""
    for negating, plain_side, flip in ((notes, said, False), (said, notes, True)):
        for head, where in negating.negated.items():
            scope = negating.negated_scope.get(head, [head])
            if not all(s in plain_side.stems for s in scope):  # "not TP plus FN" is not about "TP + FP"
                continue
            if negating.negator.get(head) in plain_side.stems:  # "missing the chunk" / "misses the chunk"
                continue
            alternative = negating.alternative.get(head)
            if flip and alternative is not None and _apart(plain_side, alternative, head):
                continue  # "points to variance, not bias": the answer picks what the notes say
            if head not in shared or not plain_side.plain_mentions(head):
                continue
            other = _mention_with(plain_side, head, scope)  # "favour precision", not "favour recall"
            if head in negating.ended and not plain_side.said_in_clause("still", other.clause):
                continue  # "no longer in the window" / "has left the window": only "still in it" is the opposite
            if _context_shared(negating, plain_side, head, other.clause, scope):
                plain_words = plain_side.phrase(other.index, other.index)
                return [Clash.of("negation", where, plain_words) if flip else Clash.of("negation", plain_words, where)]
    return []


def _apart(reading: _Reading, stem_: str, other: str) -> bool:
    """The stem is said plainly in a clause without the other stem ("gap = variance; … = bias"), not beside it
    ("before the activation" is not chosen by "after the activation, never before")."""
    if not reading.plain_mentions(stem_):
        return False
    clauses = {w.clause for w in reading.content if w.stem == stem_}
    return any(other not in {w.stem for w in reading.content if w.clause == c} for c in clauses)


def _mention_with(reading: _Reading, head: str, scope: list[str]) -> _Word:
    """The plain mention of the head whose clause (with the one before it) holds most of the negated scope."""

    def held(word: _Word) -> int:
        return len(set(scope) & {w.stem for w in reading.content if word.clause - 1 <= w.clause <= word.clause})

    mentions = [w for w in reading.content if w.stem == head]
    return max(mentions, key=lambda w: (held(w), -w.index))


def _context_shared(one: _Reading, other: _Reading, head: str, clause: int, scope: list[str]) -> bool:
    """The clauses holding the head word talk about the same thing beyond the negated predicate itself ("L1 isn't
    differentiable" is not about "L2: differentiable"; "for fraud I wouldn't favour precision" is not about "for
    spam, favour precision")."""
    short = len(one.stems) <= 4 or len(other.stems) <= 4
    if short:
        return True
    # a short fragment belongs to the clause before it: "…points to variance, not bias", "PR-AUC (not accuracy)",
    # "From probabilities: clip p"
    around = _with_lead_in(one, head)
    theirs = {w.stem for w in other.content if w.clause == clause or (LEAD_IN_ALWAYS and w.clause == clause - 1)}
    context = around - {head} - set(scope)
    for mention in (w for w in other.content if w.stem == head and w.clause != clause):
        elsewhere = {w.stem for w in other.content if mention.clause - 1 <= w.clause <= mention.clause}
        if len(context & elsewhere) > len(context & theirs):
            return False  # the answer's case is the one the notes' other mention is about
    in_clause = (theirs & around) - {head}
    return len(in_clause) >= 1 and len((one.stems & other.stems) - {head}) >= 2


def _with_lead_in(reading: _Reading, head: str, always: bool = False) -> set[str]:
    around = reading.clause_stems(head)
    if always or len(around) <= CONTEXT_FRAGMENT:
        clauses = {w.clause for w in reading.content if w.stem == head}
        around |= {w.stem for w in reading.content if w.clause + 1 in clauses}
    return around


def _antonym(notes: _Reading, said: _Reading, shared: set[str]) -> list[Clash]:
    for word in notes.content:
        for opposite in _ANTONYMS.get(word.stem, ()):
            # the opposite and its synonyms: "m/√v" beside "η·m" is a formula, not a clash
            kin = {opposite} | _SYNONYMS.get(opposite, set())
            if word.stem in said.stems or opposite not in said.stems or kin & notes.near(word):
                continue
            other = next(w for w in said.content if w.stem == opposite)
            if _SYNONYMS.get(word.stem, set()) & said.stems:  # "frozen" said in other words
                continue
            if _is_direction(word.text) and _is_direction(other.text) and _opposite_cases(notes, said):
                continue
            # words the notes tie to the opposite: "freeze W, update ΔW" uses both sides
            elsewhere = set().union(*(notes.near(w, False) for w in notes.content if w.stem in kin))
            anchors = (notes.near(word) & said.near(other) & shared) - elsewhere
            if anchors and _one_sign(notes, word) == _one_sign(said, other):
                return [
                    Clash.of("antonym", said.phrase(other.index, other.index), notes.phrase(word.index, word.index))
                ]
    return _antonym_pair(notes, said)


_OBJECT_END = _PREPOSITIONS | {"and", "or", "but", "then", "while", "along", "so", "to", "of", "for"}
OBJECT_WORDS = 3  # content words after a verb read as its object


def _same_object(notes: _Reading, said: _Reading) -> list[Clash]:
    """Opposite verbs on the same object, where the notes use both verbs on different objects: "freeze the
    pretrained backbone and train only a new head" / "fine-tune the whole pretrained backbone" (the answer
    trains what the notes freeze), while "keep the backbone frozen and train a fresh head" agrees."""
    for word in notes.content:
        mine = _objects(notes, word)
        for opposite in _ANTONYMS.get(word.stem, ()) if mine else ():
            kin = {opposite} | _SYNONYMS.get(opposite, set())
            if word.stem in said.stems or opposite not in said.stems or _SYNONYMS.get(word.stem, set()) & said.stems:
                continue
            # what the notes do the opposite to is not a clash: "freeze W, update ΔW"
            theirs_in_notes = set().union(*(_objects(notes, w) for w in notes.content if w.stem in kin))
            for other in (w for w in said.content if w.stem == opposite):
                held = (mine & _objects(said, other)) - theirs_in_notes
                if held and _one_sign(notes, word) == _one_sign(said, other):
                    return [
                        Clash.of("antonym", said.phrase(other.index, other.index), notes.phrase(word.index, word.index))
                    ]
    return []


def _objects(reading: _Reading, word: _Word) -> set[str]:
    """The content stems right after a word in its clause, up to a conjunction or preposition."""
    found: set[str] = set()
    for other in reading.words[word.index + 1 :]:
        if other.clause != word.clause or other.text in _OBJECT_END or len(found) >= OBJECT_WORDS:
            break
        if _is_content(other.text) and other.text not in _SKIP:
            found.add(other.stem)
    return found


def _one_sign(reading: _Reading, word: _Word) -> int:
    if word.stem in reading.negated:  # "aren't unbiased" agrees with "bias"
        return -1
    if any(reading.complements(head, word) for head in reading.negated_heads):
        return -1  # "didn't ship late": the negation covers the predicate and its complement
    signs = reading.sign.get(word.stem, {1})
    return 1 if 1 in signs else -1


def _antonym_pair(notes: _Reading, said: _Reading) -> list[Clash]:
    """Opposites after the same word, where both sides use both words elsewhere (formulas):
    "… plus false negatives" against "… plus false positives"."""
    notes_pairs, said_pairs = _bigrams(notes), _bigrams(said)
    for (first, second), (i, j) in notes_pairs.items():
        if (first, second) in said_pairs:
            continue
        for opposite in _ANTONYMS.get(second, ()):
            if (_SYNONYMS.get(opposite, set()) - {opposite}) & notes.stems:
                continue  # "freeze the backbone and train a head" / "keep the backbone frozen and train a head"
            if (first, opposite) in said_pairs and (first, opposite) not in notes_pairs:
                k, m = said_pairs[(first, opposite)]
                if _one_sign(said, said.words[m]) != _one_sign(notes, notes.words[j]):
                    continue  # "didn't ship it late" agrees with "shipped it on time"
                return [Clash.of("antonym", said.phrase(k, m), notes.phrase(i, j))]
    return []


def _bigrams(reading: _Reading) -> dict[tuple[str, str], tuple[int, int]]:
    content = reading.content
    return {
        (a.stem, b.stem): (a.index, b.index)
        for a, b in zip(content, content[1:], strict=False)
        if b.index - a.index <= 2 and a.clause == b.clause and a.text.isalpha()
    }


def _numbers(point: str, span: str, notes: _Reading, said: _Reading, shared: set[str]) -> list[Clash]:
    mine, theirs = numbers(normalise(point)), numbers(normalise(span))
    if not mine or not theirs or mine & theirs or len(shared) < 3:
        return []
    first_notes = next((w for w in notes.words if w.text.rstrip("%") in mine), None)
    first_said = next((w for w in said.words if w.text.rstrip("%") in theirs), None)
    if first_notes is None or first_said is None or not (notes.near(first_notes) & said.near(first_said)):
        return []
    return [
        Clash.of(
            "number",
            said.phrase(first_said.index, first_said.index),
            notes.phrase(first_notes.index, first_notes.index),
        )
    ]


# Two-place relations whose arguments can be swapped: "A rather than B" (A kept, B set aside) and "A before B"
# (A first). A swap is both sides' arguments crossed: the notes' first argument is the answer's second and the
# other way round — two-way evidence, so a lone negation or a word said on both sides never fires.
_LATER = frozenset(("then", "afterwards"))  # not "later": "later layers" is where, not when
ARGUMENT_WORDS = 5  # content words either side of a relation word that are its arguments


@dataclass(frozen=True)
class _Relation:
    kind: str  # prefer | precede
    explicit: bool  # "rather than", "instead of": a contrast said as one (a plain "not" may be a hedge)
    first: frozenset[str]  # the kept / earlier argument's content stems
    second: frozenset[str]  # the set-aside / later one
    at: int  # the relation word's index, for quoting


def _relations(reading: _Reading) -> list[_Relation]:
    out = []
    for word in reading.words:
        text = word.text
        if _negates(text) or (text == "rather" and reading._followed_by(word, "than")) or text == "instead":
            if text == "instead" and not reading._followed_by(word, "of"):
                continue  # "use F1 instead": what it replaces is not said here
            if text == "rather" or text == "instead" or _negates(text):
                kept = _stems(reading, word, -1)
                dropped = _stems(reading, word, 1)
                if not kept:  # "never reload it per request" after "; keep it in memory": the sentence's rest
                    kept = frozenset(w.stem for w in reading.content if w.clause != word.clause)
                out.append(_Relation("prefer", text in ("rather", "instead"), kept, dropped, word.index))
        elif text in ("before", "after") or (text in _LATER and not _conditional(reading, word)):
            before, after = _stems(reading, word, -1), _stems(reading, word, 1)
            if not before:  # "Before X, Y" / "After X, Y" / "…, then Y": the neighbouring clause
                before = _clause_stems(reading, word.clause + (1 if text in ("before", "after") else -1))
            if text == "after" or (text == "before" and not _stems(reading, word, -1)):
                before, after = after, before  # "Y after X", "Before X, Y": X comes first
            out.append(_Relation("precede", True, before, after, word.index))
    return [r for r in out if r.first and r.second]


def _conditional(reading: _Reading, word: _Word) -> bool:
    """ "If X, then Y" is a condition, not an order."""
    start = next((w for w in reading.words if w.clause >= word.clause - 1), word)
    return start.text in _CONDITIONAL


def _stems(reading: _Reading, word: _Word, side: int) -> frozenset[str]:
    """Content stems of the word's clause on one side of it (the nearest few)."""
    same = [w for w in reading.content if w.clause == word.clause and (w.index - word.index) * side > 0]
    near = same[:ARGUMENT_WORDS] if side > 0 else same[-ARGUMENT_WORDS:]
    return frozenset(w.stem for w in near if w.text not in _SKIP)


def _clause_stems(reading: _Reading, clause: int) -> frozenset[str]:
    return frozenset(w.stem for w in reading.content if w.clause == clause and w.text not in _SKIP)


def _swapped(notes: _Reading, said: _Reading) -> list[Clash]:
    """The answer sets the notes' two sides the other way round: "load it again for every request rather than
    keeping it resident" / "keep it in memory; never reload it per request", "train the head after you unfreeze"
    / "train the head first, then unfreeze"."""
    for mine in _relations(notes):
        for theirs in _relations(said):
            if mine.kind != theirs.kind or not (mine.explicit or theirs.explicit):
                continue
            crossed = (mine.first & theirs.second) - theirs.first, (mine.second & theirs.first) - theirs.second
            kept = mine.first & theirs.first, mine.second & theirs.second
            # both arguments kept in place is agreement, whatever else the sides share ("load the model …")
            if all(crossed) and not (all(kept) and len(kept[0] | kept[1]) >= len(crossed[0] | crossed[1])):
                return [Clash.of("swap", said.phrase(theirs.at, theirs.at), notes.phrase(mine.at, mine.at))]
    return []


# "The same as before": an answer can deny a change the notes assert without any opposite word — "the service
# still talks REST as it did before" against "switched the service to gRPC", "during evaluation augmentation keeps
# running exactly as in training" against "during evaluation, augmentation is turned off".
_SAME_AS = frozenset("in during at before usual always ever with".split())  # "as in training", "as before"
_TIMELESS = frozenset("before usual always ever".split())  # sameness with the past, not with another case
# A change of state or place: the notes say something became different ("switched off" reads as "disabled").
_CHANGE = frozenset(
    "switch switches switched move moves moved change changes changed replace replaces replaced revert reverts "
    "reverted rolled stopped disabled enabled swapped migrated".split()
)
VALUE_WORDS = 4  # content words after a change word that say what it changed to


def _unchanged(notes: _Reading, said: _Reading) -> list[Clash]:
    """The answer says a thing stays as it was (or as in another case) where the notes say it changed (or differs
    in that case), about the same thing, without saying the notes' new value."""
    for marker, case in _sameness(said):
        around = said.clause_stems_at(marker.clause)
        for word, value in _changes(notes, case, around):
            anchors = (around & notes.stems) - value - {case, word.stem}
            if anchors and value and 2 * len(value & around) < len(value):  # the new value mostly unsaid
                return [
                    Clash.of("unchanged", said.phrase(marker.index, marker.index), notes.phrase(word.index, word.index))
                ]
    return []


def _sameness(reading: _Reading) -> list[tuple[_Word, str]]:
    """Each "as before" / "as in X" / "the same as X" not under a negation, with the case X ("" for the past)."""
    found = []
    for word in reading.words[:-1]:
        following = reading.words[word.index + 1]
        if word.text != "as" or following.clause != word.clause or following.text not in _SAME_AS | {"it"}:
            continue
        earlier = reading.words[max(0, word.index - 3) : word.index]
        if any(_negates(w.text) or w.text == "unlike" for w in earlier if w.clause == word.clause):
            continue  # "not as in training", "isn't the same as before"
        if following.text == "it":  # "as it was", "as it did"
            if word.index + 2 >= len(reading.words) or reading.words[word.index + 2].text not in ("was", "did"):
                continue
            found.append((word, ""))
            continue
        if following.text in _TIMELESS:
            found.append((word, ""))
            continue
        case = next((w for w in reading.content if w.clause == word.clause and w.index > following.index), None)
        if case is not None and case.index <= word.index + 3:
            found.append((word, case.stem))
    return found


def _changes(notes: _Reading, case: str, around: set[str]) -> list[tuple[_Word, set[str]]]:
    """The notes' changes (a change word and the content stems after it) and, when the answer compares with a
    case X the notes name, each clause of the notes that opens with the answer's other case (its predicate as
    the value) — unless the notes themselves say the two cases are the same."""
    out = []
    for word in notes.words:
        if word.text in _CHANGE:
            rest = [w for w in notes.words if w.clause == word.clause and w.index > word.index]
            to = next((w.index for w in rest if w.text in ("to", "into", "back")), word.index)  # "moved X to Y"
            after = [w for w in notes.content if w.clause == word.clause and w.index > to]
            value = {w.stem for w in after[:VALUE_WORDS] if w.text not in _SKIP}
            out.append((word, value or {word.stem}))
    if case and case in notes.stems and "same" not in notes.stems:
        for clause in range(len(notes.bounds)):
            stems = {w.stem for w in notes.content if w.clause == clause}
            first = next((w for w in notes.content if w.clause == clause), None)
            if first is not None and first.stem != case and first.stem in around and len(stems) >= 2:
                elsewhere = {w.stem for w in notes.content if w.clause != clause}  # context both cases share
                out.append((first, stems - elsewhere - {case, first.stem}))
    return out
