"""Key numbers: a tolerant parser for the figures candidates quote ("99.9% F1", "23 ms", "2,000+ req/sec",
"1,566% ROI", "48h → 4h", "$280k", "1.3 GB", "10x") into value + canonical unit + what the number measures.

Values are stored in a base unit per dimension (seconds, bytes, US dollars, requests per second…), so "23ms",
"23 ms" and "0.023 s" are the same quantity; `raw` keeps the text as written for display. Pure functions.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

_TIME = {
    "ms": 0.001, "msec": 0.001, "msecs": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "day": 86400.0, "days": 86400.0, "week": 604800.0, "weeks": 604800.0,
    "month": 2629800.0, "months": 2629800.0, "year": 31557600.0, "years": 31557600.0,
}  # fmt: skip
_BYTES = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 1024.0, "mib": 1024.0**2, "gib": 1024.0**3}
_BYTE_WORDS = {"kilobytes": 1e3, "megabytes": 1e6, "gigabytes": 1e9, "terabytes": 1e12, "bytes": 1.0}
_SCALE = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "t": 1e12, "trillion": 1e12,
}  # fmt: skip
_CURRENCY = {"$": "USD", "usd": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR", "euros": "EUR", "£": "GBP"}
_CURRENCY.update({"gbp": "GBP", "pounds": "GBP"})
# Counted things: the noun after a number, reduced to one spelling.
_NOUNS = {
    "req": "req", "reqs": "req", "request": "req", "requests": "req", "query": "req", "queries": "req",
    "doc": "docs", "docs": "docs", "document": "docs", "documents": "docs",
    "param": "params", "params": "params", "parameter": "params", "parameters": "params",
    "token": "tokens", "tokens": "tokens", "word": "words", "words": "words", "user": "users", "users": "users",
    "example": "examples", "examples": "examples", "sample": "samples", "samples": "samples",
    "image": "images", "images": "images", "epoch": "epochs", "epochs": "epochs", "layer": "layers",
    "layers": "layers", "dim": "dim", "dims": "dim", "dimension": "dim", "dimensions": "dim",
    "dimensional": "dim", "gpu": "gpus", "gpus": "gpus", "model": "models", "models": "models",
    "market": "markets", "markets": "markets", "language": "languages", "languages": "languages",
    "customer": "customers", "customers": "customers", "row": "rows", "rows": "rows", "record": "records",
    "records": "records", "event": "events", "events": "events", "ticket": "tickets", "tickets": "tickets",
    "label": "labels", "labels": "labels", "class": "classes", "classes": "classes", "feature": "features",
    "features": "features", "person-hours": "person-hours", "engineers": "engineers", "people": "people",
    "defects": "defects", "incidents": "incidents", "prediction": "predictions", "predictions": "predictions",
    "transaction": "transactions", "transactions": "transactions", "step": "steps", "steps": "steps",
}  # fmt: skip
_RATE_NOUNS = {"rps": "req", "qps": "req", "tps": "tokens"}
_TIMES_WORDS = {"x": "x", "×": "x", "times": "x", "fold": "x", "-fold": "x"}
_PERCENT = {"%": "%", "percent": "%", "pct": "%", "per cent": "%"}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
    "hundred": 100,
}  # fmt: skip

_NUM = r"\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_TIME_RE = "|".join(sorted((re.escape(k) for k in _TIME), key=len, reverse=True))
_NOUN_RE = "|".join(sorted((re.escape(k) for k in _NOUNS), key=len, reverse=True))
_UNIT = (
    rf"%|percent\b|pct\b|per cent\b|[x×](?![\w])|times\b|-?fold\b"
    rf"|(?:{'|'.join(_BYTES)}|{'|'.join(_BYTE_WORDS)})\b"
    rf"|(?:{_NOUN_RE}|rps|qps|tps)\b(?:\s*(?:/|per)\s*(?:{_TIME_RE})\b)?"
    rf"|(?:{_TIME_RE})\b(?:\s*(?:/|per)\s*(?:{_TIME_RE})\b)?"
    rf"|usd\b|eur\b|gbp\b|dollars\b|euros\b|pounds\b"
)
_WORD_NUM = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?P<qual>~|≈|<=?|>=?|≤|≥|\babout\s|\baround\s|\bover\s|\bunder\s|\babove\s|\bbelow\s|\bnearly\s|\balmost\s"
    rf"|\bapprox(?:imately|\.)?\s|\bmore than\s|\bless than\s|\bup to\s|\bat least\s)?\s*"
    rf"(?P<sign>(?<![\w.])[+\-−](?=\s?[\d$€£.]))?(?P<cur>[$€£])?\s?"
    rf"(?:(?<![\w.])(?<![A-Za-z]-)(?P<num>{_NUM})|(?P<word>\b(?:{_WORD_NUM})\b)(?=\s+(?:{_TIME_RE})\b))"
    rf"(?P<scale>\s?(?:thousand|million|billion|trillion|bn|mn|mm|[kKmMbBtT])(?![a-zA-Z]))?"
    rf"(?P<plus>\+)?"
    rf"(?:(?P<sep>\s?-\s?|\s?)(?P<unit>{_UNIT}))?",
    re.IGNORECASE,
)
_SETTING = re.compile(r"\b([A-Za-z_][\w.]*)\s*=\s*(\d+(?:\.\d+)?)\b")
_VERSION = re.compile(r"\bv?\d+\.\d+\.\d+\b")
_YEAR = re.compile(r"^(?:19|20)\d\d$")

_METRICS = (
    "f1-score", "f1 score", "f1", "accuracy", "precision", "recall", "auc", "roc-auc", "map", "ndcg", "bleu",
    "rouge", "perplexity", "wer", "mae", "rmse", "mape", "ctr", "conversion", "latency", "p95", "p99",
    "throughput", "uptime", "availability", "roi", "cost", "costs", "revenue", "savings", "downtime",
    "memory", "error rate", "errors", "false negatives", "false positives", "fnr", "fpr", "hallucination",
    "training time", "inference time", "response time", "speed", "speedup", "yield", "retention", "churn",
    "engagement", "usage", "coverage", "traffic", "storage", "incidents", "failures", "salary", "budget",
    "false positive rate", "false negative rate", "click-through rate", "click-through", "recall@k",
    "precision@k", "hit rate", "success rate", "win rate", "response rate", "open rate", "nps",
)  # fmt: skip
_METRIC_RE = re.compile(
    r"(?<![\w-])(" + "|".join(sorted((re.escape(m) for m in _METRICS), key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
_SYNONYMS = {
    "f1-score": "f1",
    "f1 score": "f1",
    "costs": "cost",
    "availability": "uptime",
    "errors": "error rate",
    "click-through rate": "ctr",
    "click-through": "ctr",
    "false positive rate": "fpr",
    "false negative rate": "fnr",
}
_UNIT_MEASURE = {"req/s": "throughput", "params": "parameters", "dim": "dimensions"}
_STOP = set(
    "the a an of to in on for by with and or at from as is was were be our my we i it this that than vs per "
    "into over under about after before while which who their its also only".split()
)


_NOT_MEASURES = set("situation task action actions result results note tip example answer q a step".split())


@dataclass(frozen=True)
class Quantity:
    value: float  # in the base unit of `unit` (seconds, bytes, USD…); a percentage stays 0–100
    unit: str  # "%", "s", "B", "USD", "x", "req/s", "docs/day"… or "" for a bare number
    raw: str  # as written
    start: int = 0
    end: int = 0
    qualifier: str = ""  # "~", ">", "at least"… ; "+" for "2000+"
    measure: str = ""  # what it measures ("latency", "f1"), "" when nothing says

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def same(self, other: Quantity, tolerance: float = 0.02) -> bool:
        """The same figure, allowing rounding ("99.9%" vs "99.90%", "0.999" for 99.9% of a ratio metric)."""
        a, b = _comparable(self, other)
        if a is None or b is None:
            return False
        return math.isclose(a, b, rel_tol=tolerance, abs_tol=1e-9)


def _comparable(x: Quantity, y: Quantity) -> tuple[float | None, float | None]:
    if x.unit == y.unit:
        return x.value, y.value
    # A bare fraction quoted for a percentage metric: "F1 of 0.999" is 99.9%.
    if x.unit == "%" and y.unit == "" and 0 < y.value <= 1:
        return x.value, y.value * 100
    if y.unit == "%" and x.unit == "" and 0 < x.value <= 1:
        return x.value * 100, y.value
    return None, None


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in `text` (e.g. "23 ms" → 0.023 s), or None."""
    found = find_quantities(text, measures=False)
    return found[0] if found else None


def find_quantities(text: str, measures: bool = True) -> list[Quantity]:
    """Every quantity in a line or answer, with what it measures when the words around it say."""
    if not _MAY_HOLD.search(text):  # most lines of notes hold no figure: no need to try the long pattern
        return []
    return _find_quantities(text, measures)


_MAY_HOLD = re.compile(rf"\d|\b(?:{_WORD_NUM})\b", re.IGNORECASE)  # what every quantity and setting has


def _find_quantities(text: str, measures: bool) -> list[Quantity]:
    versions = [m.span() for m in _VERSION.finditer(text)]
    out: list[Quantity] = []
    for match in _QUANTITY.finditer(text):
        if any(s <= match.start("num") < e for s, e in versions if match.group("num")):
            continue
        quantity = _from_match(match)
        if quantity is None:
            continue
        if measures:
            quantity = _with_measure(quantity, text, out)
        out.append(quantity)
    for match in _SETTING.finditer(text):  # "max_length=128", "n_results=3": a setting quoted as a figure
        name, start = match.group(1).lower(), match.start(2)
        same = [q for q in out if q.start <= start < q.end]
        if same and not same[0].unit and not same[0].measure:
            out.remove(same[0])
        elif same:
            continue
        out.append(Quantity(float(match.group(2)), "", match.group(0), start, match.end(), "", name))
    return sorted(out, key=lambda q: q.start)


def _from_match(match: re.Match[str]) -> Quantity | None:
    digits = match.group("num")
    if digits is not None:
        value = float(re.sub(r"[,\u202f\u00a0 ]", "", digits))
    else:
        value = float(_NUMBER_WORDS[match.group("word").lower()])
    cur, scale, unit_text = match.group("cur"), match.group("scale"), match.group("unit")
    if match.group("sign") in ("-", "−"):
        value = -value
    unit = ""
    if scale:
        value *= _SCALE[scale.strip().lower()]
    if unit_text:
        converted = _unit(unit_text, value)
        if converted is None:
            return None
        value, unit = converted
    if cur and unit == "":
        unit = _CURRENCY[cur]
    raw = match.group(0).strip()
    bare = not unit and not scale and not cur and not match.group("plus") and digits is not None
    if bare and (re.fullmatch(r"\d{1,2}", digits or "") or _YEAR.match(digits or "")):
        return None  # list numbers, small counts and years are not claims on their own
    qualifier = (match.group("qual") or "").strip() or ("+" if match.group("plus") else "")
    return Quantity(value, unit, raw, match.start(), match.end(), qualifier)


def _unit(text: str, value: float) -> tuple[float, str] | None:
    word = re.sub(r"\s+", " ", text.strip().lower())
    if word in _PERCENT:
        return value, "%"
    if word in _TIMES_WORDS or word.lstrip("-") in _TIMES_WORDS:
        return value, "x"
    if word in _BYTES:
        return value * _BYTES[word], "B"
    if word in _BYTE_WORDS:
        return value * _BYTE_WORDS[word], "B"
    if word in _CURRENCY:
        return value, _CURRENCY[word]
    rate = re.fullmatch(r"(.+?)\s*(?:/|per)\s*(.+)", word)
    if rate:
        thing, per = rate.group(1), rate.group(2)
        if thing in _TIME:  # "5 minutes per day": a duration per period, keep as written
            return value * _TIME[thing], f"s/{_period(per)}"
        return _rate(value, _NOUNS.get(thing, thing), per)
    if word in _RATE_NOUNS:
        return value, f"{_RATE_NOUNS[word]}/s"
    if word in _TIME:
        return value * _TIME[word], "s"
    if word in _NOUNS:
        return value, _NOUNS[word]
    return None


def _rate(value: float, noun: str, per: str) -> tuple[float, str]:
    """Per-second rates are normalised (2k req/min = 33.3 req/s); per day/week stay per day/week as people say."""
    if per in _TIME and _TIME[per] <= 60:
        return value / _TIME[per], f"{noun}/s"
    return value, f"{noun}/{_period(per)}"


def _period(per: str) -> str:
    return {"days": "day", "weeks": "week", "hours": "hour", "hr": "hour", "h": "hour", "months": "month"}.get(per, per)


def _with_measure(quantity: Quantity, text: str, before: list[Quantity]) -> Quantity:
    measure = measure_near(text, quantity.start, quantity.end)
    if not measure and before and _joined(text, before[-1], quantity):
        measure = before[-1].measure  # "48h → 4h", "3% to 17%": the second number measures the same
    measure = measure or _UNIT_MEASURE.get(quantity.unit, "") or _label(text, quantity.start)
    return Quantity(
        quantity.value, quantity.unit, quantity.raw, quantity.start, quantity.end, quantity.qualifier, measure
    )


def _joined(text: str, first: Quantity, second: Quantity) -> bool:
    between = text[first.end : second.start].strip().lower()
    return between in ("→", "->", "to", "-", "–", "—", "=>", "vs", "vs.", "versus", "from", "/") or not between


def measure_near(text: str, start: int, end: int) -> str:
    """The metric a number measures: a known metric word right after it ("99.9% F1") or just before it
    ("latency of 23 ms", "reduced latency by 60%"), else one a few words after it ("" when none)."""
    after = text[end : end + 40]
    before = text[max(0, start - 60) : start]
    hit = _METRIC_RE.match(after.lstrip(" -:*_()"))
    if hit and len(after) - len(after.lstrip(" -:*_()")) <= 3:
        return _canonical(hit.group(1))
    found = list(_METRIC_RE.finditer(before))
    if found:
        last = found[-1]
        gap = before[last.end() :]
        if len(re.findall(r"[A-Za-z]+", gap)) <= 4 and not re.search(r"[;.!?,]\s|\band\b|\bbut\b", gap):
            return _canonical(last.group(1))
    hit = _METRIC_RE.search(after[:25])
    if hit and not re.search(r"[,;.()]", after[: hit.start()]):
        return _canonical(hit.group(1))
    return ""


def _label(text: str, start: int) -> str:
    """A bold or colon label heading the line ("**Production Performance**: 2000+ req/sec")."""
    label = (
        re.match(r"\s*[-*+]?\s*\*\*([^*]{2,40})\*\*\s*:?", text)
        or re.match(r"\s*([A-Za-z][\w /&-]{2,30}):", text)
        or re.match(r"\s*\|\s*([^|]{2,40}?)\s*\|", text)  # a table row: its first cell
    )
    if label and label.end() <= start:
        words = [w for w in re.findall(r"[A-Za-z0-9-]+", label.group(1).lower()) if w not in _STOP]
        if words and words[0] not in _NOT_MEASURES:
            return " ".join(words[:3])
    return ""


def _canonical(metric: str) -> str:
    key = metric.lower()
    return _SYNONYMS.get(key, key)


def format_quantity(quantity: Quantity) -> str:
    return quantity.raw + (
        f" {quantity.measure}" if quantity.measure and quantity.measure not in quantity.raw.lower() else ""
    )
