"""The key-number parser: formats and units people write, and any formatting of one quantity parses the same."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_coach.dossier.numbers import find_quantities, parse_quantity


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("99.9%", 99.9, "%"),
        ("0.999", 0.999, ""),
        ("23ms", 0.023, "s"),
        ("23 ms", 0.023, "s"),
        ("2,000+ req/sec", 2000, "req/s"),
        ("1,566%", 1566, "%"),
        ("48h", 48 * 3600, "s"),
        ("$280k", 280_000, "USD"),
        ("1.3 GB", 1.3e9, "B"),
        ("10x", 10, "x"),
        ("10M+ documents/day", 1e7, "docs/day"),
        ("312K params", 312_000, "params"),
        ("within two weeks", 14 * 86400, "s"),
        ("384-dim embeddings", 384, "dim"),
    ],
)
def test_formats(text: str, value: float, unit: str) -> None:
    q = parse_quantity(text)
    assert q is not None, text
    assert math.isclose(q.value, value, rel_tol=1e-9) and q.unit == unit


def test_not_claims() -> None:
    assert find_quantities("Model 2 and step 3 in 2023, scikit-learn 1.3.2, GPT-2 model, Section 7-8") == []


def test_measures_and_arrows() -> None:
    found = find_quantities("Training time 48h → 4h; reduced latency by 60%, maintained accuracy above 90%")
    assert [(q.raw, q.measure) for q in found] == [
        ("48h", "training time"),
        ("4h", "training time"),
        ("60%", "latency"),
        ("above 90%", "accuracy"),
    ]
    assert [q.measure for q in find_quantities("99.9% F1-score, 23ms latency, 1,566% ROI")] == ["f1", "latency", "roi"]
    assert find_quantities("**Production Performance**: 2000+ req/sec")[0].measure == "throughput"
    assert find_quantities("| p99 latency | 40 ms |")[0].measure == "latency"
    assert find_quantities("max_length=128")[0].measure == "max_length"


def test_fraction_matches_percentage() -> None:
    pct, frac = parse_quantity("99.9%"), parse_quantity("0.999")
    assert pct is not None and frac is not None and pct.same(frac)
    other = parse_quantity("95%")
    assert other is not None and not pct.same(other)


def _formats(draw: st.DrawFn) -> tuple[list[str], float, str]:
    kind = draw(st.sampled_from(["percent", "ms", "rate", "usd", "hours", "gb", "times"]))
    n = draw(st.integers(min_value=1, max_value=9999))
    if kind == "percent":
        v = n / 10
        return [f"{v}%", f"{v} %", f"{v} percent", f"{v} pct"], v, "%"
    if kind == "ms":
        return [f"{n}ms", f"{n} ms", f"{n} milliseconds", f"{n} msec", f"{n / 1000:.3f} s"], n / 1000, "s"
    if kind == "rate":
        v = n * 1000
        return [f"{v:,} req/sec", f"{v} req/s", f"{v} requests per second", f"{n}k rps", f"{v:,}+ qps"], v, "req/s"
    if kind == "usd":
        v = n * 1000
        return [f"${v:,}", f"${v}", f"{v} USD", f"${n}k", f"${n}K"], v, "USD"
    if kind == "hours":
        return [f"{n}h", f"{n} hours", f"{n} hrs", f"{n * 60} minutes", f"{n}-hour"], n * 3600.0, "s"
    if kind == "gb":
        v = n / 10
        return [f"{v} GB", f"{v}GB", f"{v} gigabytes", f"{n * 100} MB"], v * 1e9, "B"
    return [f"{n}x", f"{n}×", f"{n} times", f"{n}-fold"], float(n), "x"


formats = st.composite(_formats)


@given(formats(), st.sampled_from(["{}", "we reached {} overall", "- **Result**: {}.", "({})"]))
def test_any_formatting_parses_to_the_same_quantity(case: tuple[list[str], float, str], frame: str) -> None:
    texts, value, unit = case
    for text in texts:
        found = find_quantities(frame.format(text))
        assert len(found) == 1, (frame.format(text), found)
        assert math.isclose(found[0].value, value, rel_tol=1e-9), (text, found[0])
        assert found[0].unit == unit, (text, found[0])


@given(st.text(max_size=200))
def test_any_text_parses_without_error(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


_WORDS = ["one", "Two", "hundred", "seconds", "hours", "ms", "min", "x", "%", "$", "k", "v1.2.3", "n_results=3", "fold"]
_PIECES = st.one_of(st.sampled_from(_WORDS), st.text(alphabet="0123456789.,+-~≈<>=$€£ abc-\u00a0٣", max_size=6))


@given(st.lists(_PIECES, max_size=12).map(" ".join) | st.text(max_size=80))
def test_the_figure_prefilter_never_drops_a_quantity(text: str) -> None:
    from interview_coach.dossier.numbers import _find_quantities

    for measures in (True, False):
        assert find_quantities(text, measures) == _find_quantities(text, measures)
    assert find_quantities("four hours later") == _find_quantities("four hours later", True) != []
