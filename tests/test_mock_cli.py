"""`coach mock` and `coach report` as a user runs them: the real program in a pseudo-terminal (typed answers, a
follow-up, a time nudge on a fast clock, SIGKILL mid-way, --resume, the end), the live clock redrawn while typing
(read off a terminal emulator), the report's HTML parsed, and the report opened in headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner
from test_mock_interview import PLANS_TOML

from interview_coach.cli import cli

COACH = str(Path(sys.executable).with_name("coach"))
ARTIFACTS = Path(__file__).parent / "artifacts"
NOTES = """# Interview prep

## Technical screen

#### What does dropout do?
It zeroes random activations during training. It is switched off at inference time.

#### What is the bias-variance trade-off?
Error splits into bias and variance; more capacity lowers bias and raises variance.

## Behavioral questions

- Tell me about a time you disagreed with a teammate.

## Questions to ask the interviewer

- What does the on-call rotation look like?
- How do you measure model quality in production?
"""


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    notes = tmp_path / "prep.md"
    notes.write_text(NOTES, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "mock-plans.toml").write_text(PLANS_TOML, encoding="utf-8")
    env = {**os.environ, "COACH_HOME": str(home), "COLUMNS": "100", "TERM": "dumb"}
    env.pop("COACH_DATABASE_URL", None)
    assert CliRunner(env={"COACH_HOME": str(home)}).invoke(cli, ["import", str(notes)]).exit_code == 0
    return env


def coach(env: dict[str, str], *args: str) -> str:
    result = CliRunner(env={"COACH_HOME": env["COACH_HOME"], "COACH_DATABASE_URL": None}).invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def spawn(env: dict[str, str], *args: str, speed: str = "1") -> pexpect.spawn:
    return pexpect.spawn(
        COACH, ["mock", *args], env={**env, "COACH_TEST_CLOCK_SPEED": speed}, encoding="utf-8", timeout=90
    )


def say(child: pexpect.spawn, *lines: str) -> None:
    """Type an answer line by line and submit it with an empty line."""
    for line in (*lines, ""):
        child.expect("> ")
        child.sendline(line)
    child.expect("answer saved")


def test_dry_run_plans_and_says_which_questions(home: dict[str, str]) -> None:
    plan = json.loads(coach(home, "mock", "--plan", "two", "--seed", "2", "--dry-run", "--json"))
    assert [(s["title"], s["budget"], len(s["questions"])) for s in plan["sections"]] == [
        ("Technical screen", 240, 2),
        ("Behavioral", 180, 1),
        ("Questions for us", 60, 1),
    ]
    text = coach(home, "mock", "--plan", "two", "--seed", "2", "--dry-run")
    assert "What does dropout do?" in text and "(self-rated)" in text and "prep.md › Interview prep" in text
    result = CliRunner(env={"COACH_HOME": home["COACH_HOME"]}).invoke(cli, ["mock", "--plan", "nope", "--dry-run"])
    assert result.exit_code == 1 and "no such plan" in result.stderr and "Traceback" not in result.output


def test_a_mock_interview_killed_resumed_finished_and_reported(home: dict[str, str]) -> None:
    child = spawn(home, "--plan", "two", "--seed", "2", speed="30")  # half a minute of interview per real second
    child.expect("What does dropout do")
    child.expect("> ")
    child.sendline("Dropout zeroes activations.")
    time.sleep(3.1)  # 93 s into a 120 s budget
    child.expect("> ")
    child.sendline("Fewer units co-adapt.")
    child.expect(r"⏱ (30 s left for this one|over time for this one)")  # the nudge
    child.expect("> ")
    child.sendline("")
    child.expect("answer saved")
    child.expect("Follow-up")
    child.expect("You didn't mention that it is switched off at inference time")
    say(child, "It is off at inference time.")
    child.expect("bias-variance")
    child.kill(signal.SIGKILL)  # a crash mid-interview
    child.close()

    listed = json.loads(coach(home, "mock", "--list", "--json"))
    assert [(row["plan"], row["finished"]) for row in listed] == [("two", None)]
    child = spawn(home, "--resume")
    child.expect("Resuming mock interview #1")
    child.expect("bias-variance")  # where it stopped
    say(child, "Error splits into bias and variance.", "More capacity lowers bias.")
    child.expect("disagreed with a teammate")
    say(child, "We disagreed on <b>metrics</b> & I ran both.")
    child.expect("Do you have any questions for us")
    say(child, "How does the on-call rotation work here?")
    child.expect("rate yourself")
    child.expect("Rate > ")
    child.sendline("h")
    child.expect(r"Overall score: (\d+)/100")
    overall = int(child.match.group(1))
    child.expect("Report: (.+?) \\(and")
    report = Path(child.match.group(1).strip())
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    [row] = json.loads(coach(home, "mock", "--list", "--json"))
    assert row["finished"] and round(row["score"]) == overall
    page = Report()
    page.feed(report.read_text(encoding="utf-8"))
    assert {"sections", "time-chart", "missed", "delivery", "follow-ups", "your-questions", "drill"} <= page.ids
    assert page.text_of("overall-score") == str(overall)
    data = json.loads(coach(home, "report", "--json"))
    expected = [[s["title"], "–" if s["score"] is None else f"{s['score']:.0f}"] for s in data["sections"]]
    assert page.section_rows == expected and expected[0][1] != "–" and expected[1][1] == "–"  # self-rated
    assert "It is switched off at inference time." in page.text_of("missed")
    assert "We disagreed on <b>metrics</b> & I ran both." in page.text  # as typed, escaped in the HTML
    assert "How do you measure model quality in production?" in page.text_of("your-questions")  # not asked
    assert page.text_of("drill-command").startswith("coach practice --item ")
    history = json.loads(coach(home, "history", "--json"))
    assert {r["answer"] for r in history} >= {"Dropout zeroes activations.\nFewer units co-adapt."}
    due = json.loads(coach(home, "due", "--days", "365", "--json"))
    assert len(due) == 3  # both technical items and the self-rated one are on the FSRS schedule
    assert data["score"] == row["score"] and Path(data["markdown"]).read_text(encoding="utf-8").startswith("# Mock")
    assert data["follow_ups"][0]["answer"] == "It is off at inference time."


class Report(HTMLParser):
    """Text by element id, and the rows of the sections table."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.open: list[str] = []  # ids of the elements we are inside
        self.by_id: dict[str, list[str]] = {}
        self.text = ""
        self.section_rows: list[list[str]] = []
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id") or ""
        if ident:
            self.ids.add(ident)
        self.open.append(ident)
        if tag == "tr" and dict(attrs).get("class") == "section-row":
            self._row = []
        elif tag == "td" and self._row is not None:
            self._row.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.open:
            self.open.pop()
        if tag == "tr" and self._row is not None:
            self.section_rows.append(self._row[:2])
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text += data
        for ident in self.open:
            if ident:
                self.by_id.setdefault(ident, []).append(data)
        if self._row:
            self._row[-1] += data

    def text_of(self, ident: str) -> str:
        return "".join(self.by_id.get(ident, [])).strip()


def test_the_clock_is_redrawn_while_typing(home: dict[str, str]) -> None:
    pyte = pytest.importorskip("pyte")
    screen = pyte.Screen(120, 30)
    stream = pyte.Stream(screen)
    env = {**home, "TERM": "xterm-256color", "COACH_TEST_CLOCK_SPEED": "10"}
    child = pexpect.spawn(
        COACH, ["mock", "--plan", "two", "--seed", "2"], env=env, encoding="utf-8", dimensions=(30, 120)
    )

    def toolbar() -> str:
        return next((line for line in screen.display if "this answer" in line), "")

    def pump(seconds: float, until: str = "") -> str:
        """Feed the screen for `seconds`, or (with `until`) until the toolbar shows it, at most a minute."""
        end = time.time() + (60 if until else seconds)
        while time.time() < end and not (until and until in toolbar()):
            try:
                chunk = child.read_nonblocking(65536, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            if "\x1b[6n" in chunk:  # answer the cursor-position request like a real terminal
                child.send(f"\x1b[{screen.cursor.y + 1};{screen.cursor.x + 1}R")
            stream.feed(chunk)
        return toolbar()

    first = pump(0, until="Technical screen")  # however long the program takes to start
    child.send("I am typing")
    second = pump(2)
    child.sendintr()
    child.expect("paused")
    child.expect(pexpect.EOF)
    assert "interview" in first and "Technical screen" in first
    assert first != second and "this answer 0:" in second  # the answer clock moved on while typing
    assert any("I am typing" in line for line in screen.display)


def _report_file(tmp_path: Path, bank_url: str | None = None) -> Path:
    """A finished two-question interview's report, made in-process with a fixed clock and a fixed grader (in
    `bank_url`'s bank when given)."""
    from interview_coach.bank import open_bank
    from interview_coach.bank.importer import import_paths
    from interview_coach.config import Settings
    from interview_coach.grade.grader import Grade, PointResult
    from interview_coach.mock import store
    from interview_coach.mock.interview import MockInterview
    from interview_coach.mock.planner import plan_interview
    from interview_coach.mock.plans import parse_plans
    from interview_coach.mock.render import render_html
    from interview_coach.mock.report import report_data

    notes = tmp_path / "prep.md"
    notes.write_text(NOTES, encoding="utf-8")
    bank = open_bank(bank_url or f"sqlite:///{tmp_path / 'chart.db'}")
    import_paths(bank, [str(notes)])
    now = [datetime(2026, 3, 2, 9, tzinfo=UTC)]

    def grader(question: str, reference: str, answer: str) -> Grade:
        return Grade(60, "partial", [PointResult("It is switched off at inference time.", "missed", 0.2, "")], [], [])

    with bank.session() as session:
        pool, _ = store.pool(session)
    plan = plan_interview(parse_plans(PLANS_TOML, "test")["two"], pool, now[0], 2)
    interview = MockInterview.start(bank, Settings(), lambda: now[0], plan, pool, grader=grader)
    for seconds in (150, 40, 60, 90, 20):
        step = interview.next_step()
        if step is None:
            break
        started = now[0]
        now[0] += timedelta(seconds=seconds)
        interview.submit(step, "An answer with, um, some words in it.", started)
    interview.finish()
    with bank.session() as session:
        html = render_html(report_data(session))
    bank.close()
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_report_open_hands_the_html_file_to_the_browser(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    _report_file(tmp_path, url)
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    env = {"COACH_HOME": str(tmp_path / "home"), "COACH_DATABASE_URL": None, "BROWSER": f"{browser} %s"}
    result = CliRunner(env=env).invoke(cli, ["--db", url, "report", "--open"])
    assert result.exit_code == 0, result.output
    target = opened.read_text(encoding="utf-8").strip()
    assert target.startswith("file://") and target.endswith(".html")
    page = Report()
    page.feed(Path(target.removeprefix("file://")).read_text(encoding="utf-8"))
    assert "overall-score" in page.ids


def test_the_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian chromium is not installed (make test installs it: scripts/ensure-chromium.sh)")
    report = _report_file(tmp_path)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto(report.as_uri())
        bars = page.locator("#time-chart rect.used")
        assert bars.count() >= 4
        widths = [bars.nth(n).bounding_box()["width"] for n in range(bars.count())]  # type: ignore[index]
        assert all(w > 0 for w in widths) and max(widths) > 2 * min(widths)  # drawn, and to scale
        over = page.locator("#time-chart rect.used[fill='#c0392b']")
        assert over.count() >= 1  # the 150 s answer to a 120 s budget is drawn as over time
        assert page.locator("#overall-score").inner_text() == "60"
        assert "It is switched off at inference time." in page.locator("#missed").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "mock-report.png"), full_page=True)
        browser.close()
    assert (ARTIFACTS / "mock-report.png").stat().st_size > 10_000


def test_note_text_is_never_read_as_markup(tmp_path: Path) -> None:
    notes = tmp_path / "llm.md"
    notes.write_text(
        "# LLMs\n\n## Technical screen\n\n#### What does the [/INST] token do in [bold]chat[/bold] templates?\n"
        "It closes the user turn [/] in Llama-2 chat prompts.\n",
        encoding="utf-8",
    )
    env = {"COACH_HOME": str(tmp_path / "home"), "COACH_DATABASE_URL": None}
    assert CliRunner(env=env).invoke(cli, ["import", str(notes)]).exit_code == 0
    result = CliRunner(env=env).invoke(cli, ["mock", "--plan", "phone-screen", "--seed", "1", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "What does the [/INST] token do in [bold]chat[/bold] templates?" in result.output


def test_sigterm_mid_answer_keeps_it_and_resume_shows_it(home: dict[str, str]) -> None:
    child = spawn(home, "--plan", "two", "--seed", "2")
    child.expect("What does dropout do")
    child.expect("> ")
    child.sendline("Dropout drops units")
    child.expect("> ")
    child.send("during training")
    child.expect("training")
    child.kill(signal.SIGTERM)
    child.expect("Your unfinished answer is saved")
    child.expect("coach mock --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 128 + signal.SIGTERM
    child = spawn(home, "--resume")
    child.expect("What does dropout do")
    child.expect("Saved from last time: Dropout drops units\r?\nduring training")
    child.sendintr()
    child.expect("paused")
    child.expect(pexpect.EOF)
