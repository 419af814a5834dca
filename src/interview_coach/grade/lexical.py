"""Word-level evidence: a notation glossary, stems, overlap, numbers and acronyms.

An embedding model blurs exact terms and cannot read notation ("v ← μ·v − lr·∇L(w)"), so the grader reads both
sides through the same normalisation first: symbols and common ML abbreviations become words ("TP" → "true
positives"), number words become digits, plurals and inflections share a stem ("GPUs" = "GPU").
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*|\d+(?:\.\d+)?%?")
STOPWORDS = frozenset(
    "a an the of to in on at for from by with and or but if then than so as is are was were be been being it its "
    "this that these those there here which who whom whose what when where why how do does did can could would "
    "should will shall may might must i you he she we they me him her us them my your his our their not no "
    "i'd i'm it's that's you'd you're we'd we're they're there's isn't doesn't don't".split()
)
NEGATIONS = frozenset(
    "not no never none nothing neither nor cannot can't don't doesn't isn't aren't without non rarely seldom "
    "hardly barely wasn't weren't won't shouldn't couldn't wouldn't hasn't haven't didn't mustn't needn't".split()
)
_SYMBOLS = [
    ("←", " becomes "),
    ("→", " so "),
    ("⇒", " so "),
    ("≈", " about "),
    ("≪", " much smaller than "),
    ("≫", " much larger than "),
    ("≤", " at most "),
    ("≥", " at least "),
    ("∇", " gradient of "),
    ("Σ", " sum of "),
    ("∑", " sum of "),
    ("√", " square root of "),
    ("∈", " in "),
    ("·", " times "),
    ("×", " times "),
    ("²", " squared "),
    ("−", " minus "),
    (" + ", " plus "),
    ("μ", " mu "),
    ("λ", " lambda "),
    ("α", " alpha "),
    ("β", " beta "),
    ("γ", " gamma "),
    ("ε", " epsilon "),
    ("σ", " sigma "),
    ("η", " eta "),
    ("θ", " theta "),
    ("Δ", " delta "),
    ("ℝ", " R "),
]
# Abbreviations an interviewer reads as the words (case-sensitive, whole words).
_ABBREVIATIONS = {
    "TP": "true positives",
    "FP": "false positives",
    "TN": "true negatives",
    "FN": "false negatives",
    "lr": "learning rate",
    "LR": "learning rate",
    "H0": "null hypothesis",
    "H1": "alternative hypothesis",
    "e.g.": "for example",
    "i.e.": "that is",
    "w.r.t.": "with respect to",
    "vs": "versus",
    "1:1": "one-on-one",
    "max": "maximum",
    "std": "standard deviation",
    "exp": "exponential",
    "avg": "average",
    "params": "parameters",
    "dims": "dimensions",
}
_ABBREVIATION = re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in _ABBREVIATIONS) + r")(?![\w])")
_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000", "half": "0.5"}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Notation and abbreviations as words, so both sides of a comparison read the same way."""
    for symbol, spoken in _SYMBOLS:
        text = text.replace(symbol, spoken)
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = word.lower()
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    return str(_stemmer().stemWord(word.replace("'", "")))


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOPWORDS and w not in NEGATIONS]


def overlap(reference: list[str], answer: set[str]) -> float:
    """Share of the reference's content stems the answer uses (recall)."""
    return sum(1 for s in reference if s in answer) / len(reference) if reference else 0.0


def numbers(text: str) -> set[str]:
    """The numbers a text states, number words included ("five weeks" → {"5"})."""
    spoken = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group(1).lower()], text)
    return {n.rstrip("%").rstrip(".") for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?%?", spoken)}


def negated(text: str) -> bool:
    return any(w in NEGATIONS or w.endswith("n't") for w in words(text))


def acronym_of(phrase: str) -> str:
    return "".join(w[0] for w in words(phrase) if w not in STOPWORDS).upper()


def _compact(text: str) -> str:
    """ "k-NN", "KNN" and "kNN" are one term; so are "GPU" and "GPUs"."""
    letters = re.sub(r"[^a-z0-9]", "", text.lower())
    return letters[:-1] if len(letters) > 2 and letters.endswith("s") else letters


def term_present(term: str, answer_text: str, answer_stems: set[str]) -> bool:
    """A key term counts when its stems all appear, when it is written another way ("k-NN"/"KNN", "GPUs"/"GPU"),
    or when it is an acronym the answer spells out (or the reverse): "RAG" ↔ "retrieval-augmented generation"."""
    stems = content_stems(term)
    if stems and all(s in answer_stems for s in stems):
        return True
    compact = _compact(term)
    tokens = [w for w in re.split(r"[\s,;:.()]+", answer_text) if w]
    if compact and len(compact) >= 2 and len(term.split()) == 1 and any(_compact(w) == compact for w in tokens):
        return True
    letters = re.sub(r"[^A-Za-z]", "", term)
    if letters.isupper() and len(letters) >= 2:
        spelled = letters.rstrip("s").upper()
        return any(acronym_of(window) == spelled for window in _windows(answer_text, len(spelled)))
    initials = acronym_of(term.replace("-", " "))
    return len(initials) >= 2 and re.search(rf"\b{initials}s?\b", answer_text) is not None


def _windows(text: str, size: int) -> list[str]:
    tokens = [w for w in re.split(r"[\s\-/]+", text) if w and w.lower() not in STOPWORDS]
    return [" ".join(tokens[i : i + size]) for i in range(max(0, len(tokens) - size + 1))]
