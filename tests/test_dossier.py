"""Dossiers, stories, checklists and number checks on fixtures written in layouts unlike the seeds (bold labels
instead of headings, numbered project sections, STAR labels as headings or bullets, Q/A text files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coach.bank import Bank, open_bank
from interview_coach.bank.importer import import_paths
from interview_coach.cli import cli
from interview_coach.config import database_url
from interview_coach.dossier.api import (
    AnswerChecker,
    checklist_view,
    find_dossier,
    item_numbers,
    list_dossiers,
    misquote_checker,
    misquotes_for_item,
    story_bank,
)
from interview_coach.dossier.consistency import check_numbers, check_quiz_answer, inconsistencies, quiz
from interview_coach.dossier.outline import load_outlines
from interview_coach.dossier.stories import find_stories, split_coaching
from interview_coach.dossier.storybank import build_story_bank, reused_stories
from interview_coach.errors import CoachError

DATA = Path(__file__).parent / "data"
FIXTURES = ["dossier_fraud.md", "dossier_portfolio.md", "dossier_portfolio_metrics.md", "dossier_stories.txt"]


def _bank(url: str) -> Bank:
    bank = open_bank(url)
    import_paths(bank, [str(DATA / name) for name in FIXTURES])
    return bank


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    bank = _bank(f"sqlite:///{tmp_path / 'bank.db'}")
    yield bank  # type: ignore[misc]
    bank.close()


@pytest.fixture
def home_bank(coach_home: Path) -> Path:
    _bank(database_url()).close()
    return coach_home


def test_dossiers_in_other_layouts(bank: Bank) -> None:
    with bank.session() as session:
        dossiers = {(d.name, Path(d.path).name): d for d in list_dossiers(session)}
    assert set(dossiers) == {
        ("Fraud Detection Engine", "dossier_fraud.md"),
        ("Churn Predictor", "dossier_portfolio.md"),
        ("Search Ranker", "dossier_portfolio.md"),
    }
    churn_files = [Path(src["path"]).name for src in dossiers[("Churn Predictor", "dossier_portfolio.md")].sources]
    assert churn_files == ["dossier_portfolio.md", "dossier_portfolio_metrics.md"]  # one project, two files
    fraud = dossiers[("Fraud Detection Engine", "dossier_fraud.md")]
    assert [(p.seconds, p.text.split()[:3]) for p in fraud.pitches] == [(60, ["I", "built", "a"])]
    measured = {(n.quantity.raw, n.measure) for n in fraud.numbers}
    assert {("94%", "precision"), ("40 ms", "latency"), ("3,000 req/sec", "throughput")} <= measured
    demo = [s for s in fraud.sections if s.facet == "demo"]
    assert len(demo) == 1 and len(demo[0].steps) == 3
    assert {s.facet for s in fraud.sections} >= {"architecture", "challenges", "demo"}
    assert [c.title for c in fraud.checklists] == ["Prep list"]
    churn = dossiers[("Churn Predictor", "dossier_portfolio.md")]
    assert churn.pitches[0].seconds == 60 and churn.pitches[0].text.startswith("I predicted")
    search = dossiers[("Search Ranker", "dossier_portfolio.md")]
    assert search.pitches[0].seconds == 30
    assert {n.quantity.raw for n in search.numbers} >= {"+8%", "35 ms"}


def test_find_by_part_of_name_or_acronym(bank: Bank) -> None:
    with bank.session() as session:
        assert find_dossier(session, "fraud").name == "Fraud Detection Engine"
        assert find_dossier(session, "FDE").name == "Fraud Detection Engine"
        assert len(find_dossier(session, "churn").sources) == 2
        with pytest.raises(CoachError, match="several projects"):
            find_dossier(session, "r")
        with pytest.raises(CoachError, match="your projects"):
            find_dossier(session, "nothing like it")


def test_misquoted_numbers_are_flagged(bank: Bank) -> None:
    with bank.session() as session:
        fraud = find_dossier(session, "fraud")
    flagged = check_numbers(
        "We hit 90% precision with a p99 latency of 40ms and 3000 requests per second.", fraud.numbers
    )
    assert [m.message().split(" (")[0] for m in flagged] == ["you said 90% precision; your notes say 94%"]
    assert check_numbers("Precision was 0.94 and latency 40 ms.", fraud.numbers) == []
    assert check_numbers("It took 3 weeks and 12 people.", fraud.numbers) == []  # nothing says what they measure


def test_misquotes_for_an_item_use_its_project(bank: Bank) -> None:
    with bank.session() as session:
        items = {p.title: p.item_id for o in load_outlines(session) for p in o.parts if p.kind == "item"}
        failed = items["Tell me about a time you failed."]
        assert failed is not None
        assert misquotes_for_item(session, failed, "The outage lasted four hours.") == []
        assert misquotes_for_item(session, "no-such-item", "90% precision") == []


_LEDGER_GUIDE = """# Ledger Matcher

## Elevator pitch

I built a matcher that pairs bank ledger lines with invoices.

## Key numbers

- Match rate: 97% on last quarter's ledgers
- Latency: 80 ms per batch of lines

## Architecture

A blocking step on amounts, then a gradient-boosted pair scorer.

## Interview questions

#### Q: How accurate was the matcher?

It matched 97% of ledger lines, checked by the finance team on a sample of 2,000.
"""
_LEDGER_QUICK = """# Quick reference

## Ledger Matcher

### Key numbers

- Recall: 91% of true pairs found
- Throughput: 5,000 lines/sec

### Demo

1. Load a ledger.
2. Show the matched pairs.

### Architecture

Pair scorer behind a queue.
"""


def test_one_answer_flags_what_a_sessions_checker_flags_reading_only_what_it_needs(bank: Bank, tmp_path: Path) -> None:
    """misquotes_for_item (the web app checks one answer per request) flags what a session's checker flags for
    every item, for a project described in two files too, while reading one outline when it can."""
    (tmp_path / "ledger.md").write_text(_LEDGER_GUIDE, encoding="utf-8")
    (tmp_path / "ledger_quick.md").write_text(_LEDGER_QUICK, encoding="utf-8")
    (tmp_path / "stats.md").write_text(
        "# Statistics\n\n#### Q: What is a p-value?\n\nData this extreme under the null: 5% is a usual bar.\n"
    )
    assert import_paths(bank, [str(tmp_path / name) for name in ("ledger.md", "ledger_quick.md", "stats.md")]).ok
    probe = "We reached 50% precision and 40% recall, an AUC of 0.5 and 999 ms latency."
    with bank.session() as session:
        outlines = load_outlines(session)
        whole = misquote_checker(session, outlines)
        items = {p.title: (p.item_id, p.item_kind) for o in outlines for p in o.parts if p.kind == "item"}
        flagged = 0
        for question, (ident, kind) in items.items():
            assert ident is not None
            expected = whole(ident, probe)
            assert misquotes_for_item(session, ident, probe) == expected
            assert AnswerChecker(session).check(ident, question, kind, probe).misquotes == expected
            assert misquotes_for_item(session, ident, "We hit it in 3 weeks with 2 people.") == []  # nothing measured
            assert check_numbers(probe, item_numbers(session, ident)) == expected
            flagged += bool(expected)
        assert flagged >= 4
        in_project, _ = items["How accurate was the matcher?"]
        outside, _ = items["What is a p-value?"]
        assert in_project is not None and outside is not None
        said = [m.message() for m in whole(in_project, probe)]
        assert any("91%" in m for m in said) and any("80 ms" in m for m in said)  # both files of the project
        assert {Path(n.path).name for n in item_numbers(session, outside)} == {"stats.md"}  # its file alone
        assert item_numbers(session, "no-such-item") == []
        for outline in outlines:
            assert load_outlines(session, outline.document_id) == [outline]


def test_notes_inconsistencies_across_files(bank: Bank) -> None:
    with bank.session() as session:
        found = inconsistencies(list_dossiers(session))
    assert [(c.project, c.measure) for c in found] == [("Churn Predictor", "auc")]
    assert "0.87" in found[0].message() and "0.91" in found[0].message()


def test_number_quiz(bank: Bank) -> None:
    with bank.session() as session:
        fraud = find_dossier(session, "fraud")
    questions = {q.number.measure: q for q in quiz(fraud)}
    latency = questions["latency"]
    assert "latency" in latency.prompt and "____" in latency.hint
    assert check_quiz_answer("40 ms", latency) and check_quiz_answer("0.04 s", latency)
    assert check_quiz_answer("about 40", latency) and not check_quiz_answer("25 ms", latency)


def test_stories_in_other_layouts(bank: Bank) -> None:
    with bank.session() as session:
        stories = [s for o in load_outlines(session) for s in find_stories(o)]
    by_title = {s.title: s for s in stories}
    assert set(by_title) == {
        "Disagreeing on the metric",
        "Shipping under a deadline",
        "Tell me about a time you failed.",
        "Tell me about a time you had to learn something new quickly.",
    }
    for story in stories:
        assert all((story.situation, story.task, story.action, story.result)), story.title
    failed = by_title["Tell me about a time you failed."]
    assert "Key takeaway" in failed.coaching and "takeaway" not in failed.result
    assert failed.questions == ["Tell me about a time you failed."] and failed.item_id
    assert "failure" in failed.themes
    assert "conflict" in by_title["Disagreeing on the metric"].themes
    assert "prioritisation" in by_title["Shipping under a deadline"].themes
    assert "learning fast" in by_title["Tell me about a time you had to learn something new quickly."].themes


def test_coaching_is_kept_apart_from_the_result() -> None:
    result, coaching, reflection = split_coaching(
        "We shipped in 10 days.\n\nReflection:\nI learned to trust the data.\n\nThis story highlights:\n- Initiative"
    )
    assert result == "We shipped in 10 days."
    assert reflection == "I learned to trust the data."
    assert coaching.startswith("This story highlights:")


def test_story_bank_gaps_links_and_reuse(bank: Bank) -> None:
    with bank.session() as session:
        outlines = load_outlines(session)
    story_bank_ = build_story_bank(outlines)
    assert "leadership" in story_bank_.gaps() and "failure" not in story_bank_.gaps()
    titles = {s.key: s.title for s in story_bank_.stories}
    links = {link.question: [titles[k] for k, _ in link.stories] for link in story_bank_.links}
    assert links["Tell me about a time you disagreed with your manager."][0] == "Disagreeing on the metric"
    assert links["Describe a time you had to deliver under a tight deadline."][0] == "Shipping under a deadline"
    told = (
        "My manager wanted to optimise the churn model for accuracy, so I showed both metrics on last quarter's data."
    )
    warnings = reused_stories(
        [("Q1", told), ("Q2", told), ("Q3", "Something unrelated entirely.")], story_bank_.stories
    )
    assert [w.questions for w in warnings] == [["Q1", "Q2"]] and "Q1" in warnings[0].message()


def test_story_links_with_the_bundled_model(bank: Bank) -> None:
    from interview_coach.search.embed import default_embedder

    with bank.session() as session:
        result = story_bank(session, default_embedder().embed)
    titles = {s.key: s.title for s in result.stories}
    first = {link.question: titles[link.stories[0][0]] for link in result.links if link.stories}
    assert first["Tell me about a time you disagreed with your manager."] == "Disagreeing on the metric"
    assert first["Describe a time you had to deliver under a tight deadline."] == "Shipping under a deadline"


def test_checklists_found_and_ticked(bank: Bank) -> None:
    from datetime import UTC, datetime

    from interview_coach.dossier.api import set_ticks

    with bank.session() as session:
        view = checklist_view(session)
    assert [c.title for c in view.checklists] == ["Prep list", "Before the interview"]
    assert view.counts() == {"checklists": 2, "items": 6, "ticked": 0}
    assert set_ticks(bank, [1, 5], True, datetime.now(UTC)) == [
        "Rehearse the pitch with a timer",
        "Print the architecture diagrams",
    ]
    import_paths(bank, [str(DATA / "dossier_fraud.md")])  # a re-import keeps the ticks
    with bank.session() as session:
        assert checklist_view(session).counts()["ticked"] == 2
    set_ticks(bank, [1], False, datetime.now(UTC))
    with bank.session() as session:
        assert checklist_view(session).counts()["ticked"] == 1
    with pytest.raises(CoachError, match="no checklist item 99"):
        set_ticks(bank, [99], True, datetime.now(UTC))


def test_template_imports_back_as_a_dossier(tmp_path: Path) -> None:
    from interview_coach.dossier.template import project_template

    path = tmp_path / "kiln.md"
    path.write_text(project_template("Kiln Scheduler"), encoding="utf-8")
    bank = open_bank(f"sqlite:///{tmp_path / 'b.db'}")
    import_paths(bank, [str(path)])
    with bank.session() as session:
        dossier = find_dossier(session, "kiln")
        stories = [s for o in load_outlines(session) for s in find_stories(o)]
        checklists = checklist_view(session).checklists
        hardest = next(i["id"] for i in dossier.items if i["question"].startswith("What was the hardest"))
        flagged = [m.message() for m in misquotes_for_item(session, hardest, "We got the latency down to 200 ms.")]
    bank.close()
    assert flagged and flagged[0].startswith("you said 200 ms latency; your notes say 120 ms")
    assert dossier.name == "Kiln Scheduler" and dossier.pitches[0].seconds == 30
    assert {n.measure for n in dossier.numbers} >= {"accuracy", "latency", "throughput"}
    assert {s.facet for s in dossier.sections} >= {"architecture", "challenges", "scaling", "demo", "troubleshooting"}
    questions = {i["question"] for i in dossier.items}
    assert {
        "Walk me through the architecture of Kiln Scheduler.",
        "What was the hardest challenge in Kiln Scheduler?",
    } <= questions
    assert len(stories) == 1 and len(checklists[0].entries) == 4


def test_cli_projects_and_project(home_bank: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["projects", "--json"])
    assert listed.exit_code == 0, listed.output
    assert {row["name"] for row in json.loads(listed.output)} == {
        "Fraud Detection Engine",
        "Churn Predictor",
        "Search Ranker",
    }
    shown = runner.invoke(cli, ["project", "search", "ranker"])
    assert shown.exit_code == 0 and "30-second pitch" in shown.output and "35 ms" in shown.output
    data = json.loads(runner.invoke(cli, ["project", "fraud", "--json"]).output)
    assert data["pitches"][0]["seconds"] == 60 and data["numbers"]
    missing = runner.invoke(cli, ["project", "nope"])
    assert missing.exit_code == 1 and "your projects" in missing.output


def test_cli_project_new_writes_a_template(coach_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    result = CliRunner().invoke(cli, ["project", "new", "Kiln", "Scheduler", "-o", str(target)])
    assert result.exit_code == 0 and "## Elevator Pitch (30 seconds)" in target.read_text(encoding="utf-8")
    again = CliRunner().invoke(cli, ["project", "new", "Kiln", "-o", str(target)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_cli_pitch_drill_saves_grades_and_schedules(home_bank: Path) -> None:
    pitch = (
        "I built a real-time fraud detection engine for card payments with Kafka and XGBoost. It caught 90% "
        "precision of fraud in under 40 ms and saved $1.2M a year."
    )
    result = CliRunner().invoke(cli, ["pitch", "fraud"], input=f"{pitch}\n\n\n")
    assert result.exit_code == 0, result.output
    assert "pitch saved" in result.output and "/100" in result.output
    assert "you said 90% precision; your notes say 94%" in result.output
    assert "next pitch drill" in result.output
    history = json.loads(CliRunner().invoke(cli, ["history", "--json"]).output)
    assert history[0]["answer"] == pitch and history[0]["status"] == "rated" and history[0]["score"] is not None
    assert history[0]["question"].startswith("Pitch: Fraud Detection Engine")


def test_cli_pitch_keeps_what_was_typed_on_ctrl_d(home_bank: Path) -> None:
    result = CliRunner().invoke(cli, ["pitch", "search ranker", "--seconds", "45"], input="I rebuilt search")
    assert result.exit_code == 0 and "unfinished pitch is saved" in result.output
    history = json.loads(CliRunner().invoke(cli, ["history", "--json"]).output)
    assert history[0]["answer"] == "I rebuilt search" and history[0]["status"] == "saved"


def test_cli_numbers_quiz_stories_checklist_stats(home_bank: Path) -> None:
    runner = CliRunner()
    numbers = json.loads(runner.invoke(cli, ["numbers", "--json"]).output)
    assert numbers["inconsistencies"][0]["measure"] == "auc"
    listed = runner.invoke(cli, ["numbers", "search ranker"])
    assert listed.exit_code == 0 and "35 ms" in listed.output
    quizzed = runner.invoke(cli, ["numbers", "search ranker", "--quiz"], input="8%\n10 ms\n")
    assert quizzed.exit_code == 0 and "1 of 2 right" in quizzed.output
    stories = json.loads(runner.invoke(cli, ["stories", "--json", "--lexical"]).output)
    assert len(stories["stories"]) == 4 and "leadership" in stories["gaps"]
    key = next(s["key"] for s in stories["stories"] if s["title"] == "Shipping under a deadline")
    assert runner.invoke(cli, ["stories", "--set-themes", key[:6], "leadership,prioritisation"]).exit_code == 0
    again = json.loads(runner.invoke(cli, ["stories", "--json", "--lexical"]).output)
    assert "leadership" not in again["gaps"]
    bad = runner.invoke(cli, ["stories", "--set-themes", key, "bravery"])
    assert bad.exit_code == 1 and "unknown theme" in bad.output
    assert "Stories × themes" in runner.invoke(cli, ["stories", "--lexical"]).output
    ticked = runner.invoke(cli, ["checklist", "--tick", "2"])
    assert ticked.exit_code == 0 and "1 of 6 ticked" in ticked.output
    assert "[x] Review the threshold trade-off" in runner.invoke(cli, ["checklist"]).output
    stats = json.loads(runner.invoke(cli, ["stats", "--json"]).output)
    assert stats["checklists"] == {"checklists": 2, "items": 6, "ticked": 1}
    assert "Checklists: 1 of 6 items ticked" in runner.invoke(cli, ["stats"]).output


def test_commands_have_help_with_an_example() -> None:
    for name in ("projects", "project", "pitch", "numbers", "stories", "checklist"):
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name


def test_headless_and_wrapped_layouts(tmp_path: Path) -> None:
    """A project document with no title (named from its text), and projects without a "Project" label whose
    sides sit one level down ("Deep dive" › "Architecture")."""
    bank = open_bank(f"sqlite:///{tmp_path / 'b.db'}")
    import_paths(bank, [str(DATA / "dossier_headless.md"), str(DATA / "dossier_wrapped.md")])
    with bank.session() as session:
        dossiers = {d.name: d for d in list_dossiers(session)}
        outlines = load_outlines(session)
        view = checklist_view(session)
    bank.close()
    assert set(dossiers) == {"Kiln Scheduler", "Wildfire Detector", "Flood Forecaster"}
    assert dossiers["Wildfire Detector"].pitches[0].seconds == 30
    assert dossiers["Flood Forecaster"].pitches[0].seconds == 60
    assert {s.facet for s in dossiers["Flood Forecaster"].sections} == {"architecture", "scaling"}
    kiln = dossiers["Kiln Scheduler"]
    assert kiln.pitches[0].text.startswith("I built the Kiln Scheduler")
    assert {n.quantity.raw for n in kiln.numbers} >= {"30%", "10 seconds"}
    stories = [s for o in outlines for s in find_stories(o)]
    assert len(stories) == 1 and stories[0].result == "No overshoot in the 40 firings since."
    todo = [c for c in view.checklists if c.title == "To do before the interview"]
    assert [(e.text, e.ticked_in_notes) for e in todo[0].entries] == [
        ("Bring the Raspberry Pi", False),
        ("Export last week's log", True),
    ]


def test_migration_from_a_bank_before_dossiers(tmp_path: Path) -> None:
    """A bank made at revision 0004 gains the dossier tables on opening, its items kept."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect, text

    from interview_coach.bank import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    engine.dispose()
    assert "checklist_ticks" not in inspect(create_engine(url)).get_table_names()
    bank = open_bank(url)
    import_paths(bank, [str(DATA / "dossier_fraud.md")])
    assert {"checklist_ticks", "story_themes"} <= set(inspect(bank.engine).get_table_names())
    with bank.engine.connect() as conn:
        assert conn.execute(text("select count(*) from documents")).scalar() == 1
    bank.close()


def test_dossier_tables_on_postgresql(postgres_bank: Bank) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import text

    from interview_coach.dossier.api import set_story_themes, set_ticks

    with postgres_bank.engine.begin() as conn:  # the shared fixture empties only the tables it knows
        conn.execute(text("delete from checklist_ticks"))
        conn.execute(text("delete from story_themes"))
    import_paths(postgres_bank, [str(DATA / name) for name in FIXTURES])
    set_ticks(postgres_bank, [1], True, datetime.now(UTC))
    with postgres_bank.session() as session:
        assert checklist_view(session).counts()["ticked"] == 1
        key = story_bank(session).stories[0].key
    set_story_themes(postgres_bank, key, ["leadership"], datetime.now(UTC))
    with postgres_bank.session() as session:
        assert next(s for s in story_bank(session).stories if s.key == key).themes == ["leadership"]


def test_setext_layout_with_numbered_star_labels(tmp_path: Path) -> None:
    bank = open_bank(f"sqlite:///{tmp_path / 'b.db'}")
    import_paths(bank, [str(DATA / "dossier_setext.md")])
    with bank.session() as session:
        dossier = find_dossier(session, "ticket router")
        stories = [s for o in load_outlines(session) for s in find_stories(o)]
        view = checklist_view(session)
    bank.close()
    assert dossier.drill_pitches()[0].source == "talking points"  # no pitch: its talking points are drilled
    raws = {n.quantity.raw: n for n in dossier.numbers}
    assert raws["91%"].measure == "accuracy" and raws["2h"].quantity.value == 7200
    assert raws["120 tickets/min"].quantity.unit == "tickets/s"
    assert {s.facet for s in dossier.sections} >= {"talking_points", "architecture", "challenges"}
    assert len(stories) == 1 and stories[0].result.startswith("Misroutes between")
    assert "conflict" in stories[0].themes
    day = next(c for c in view.checklists if c.title == "Day before")
    assert [(e.text, e.ticked_in_notes) for e in day.entries] == [
        ("Check the demo box boots", False),
        ("Refresh the accuracy numbers", True),
    ]
