"""The optional model-written parts (COACH_LLM_URL), against a real HTTP server on localhost that speaks the
OpenAI chat-completions protocol, as Ollama or llama.cpp would: requests, replies, failures and the citation check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from interview_coach.bank import Bank, open_bank
from interview_coach.bank.importer import import_sample
from interview_coach.cli import cli
from interview_coach.llm.writing import check_citations
from interview_coach.search.embed import default_embedder
from interview_coach.search.index import index_bank

if TYPE_CHECKING:
    from conftest import ChatServer  # the fixture's class (tests/conftest.py)


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    bank: Bank = open_bank(f"sqlite:///{tmp_path_factory.mktemp('llm') / 'bank.db'}")
    import_sample(bank)
    index_bank(bank, default_embedder())
    return str(bank.url)


@pytest.fixture
def runner(sample_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COACH_DATABASE_URL", sample_url)
    return CliRunner()


def test_ask_writes_a_grounded_answer_and_drops_invented_citations(chat_server: ChatServer, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["ask", "how does LoRA cut the memory needed to fine-tune", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    written = data["written_answer"]
    assert written["model"] == "tiny-test-model"
    assert written["cited"] == [1] and written["dropped_citations"] == [7]
    assert "[7]" not in written["text"] and written["text"].endswith("memory drops [1].")
    request = chat_server.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer secret"
    assert request["model"] == "tiny-test-model" and request["temperature"] == 0
    prompt = request["messages"][-1]["content"]
    assert "how does LoRA cut the memory" in prompt
    assert data["passages"][0]["passage"] in prompt and prompt.count("\n[") >= len(data["passages"]) - 1


def test_ask_in_the_terminal_shows_passages_then_the_written_answer(chat_server: ChatServer, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["ask", "how does LoRA cut the memory needed to fine-tune"])
    assert result.exit_code == 0
    assert result.stdout.index("[1]") < result.stdout.index("written by tiny-test-model")
    assert "removed citations of passages that were not given: [7]" in result.stdout


def test_a_refused_question_never_reaches_the_model(chat_server: ChatServer, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["ask", "how long should I boil an egg for a runny yolk", "--json"])
    assert json.loads(result.stdout)["covered"] is False
    assert chat_server.requests == []


def test_no_llm_flag_skips_the_model(chat_server: ChatServer, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["ask", "what is dropout", "--json", "--no-llm"])
    assert "written_answer" not in json.loads(result.stdout) and chat_server.requests == []


def test_a_failing_or_missing_server_is_one_warning_and_the_passages_still_show(
    chat_server: ChatServer, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat_server.status = 503
    failed = runner.invoke(cli, ["ask", "what is dropout", "--json"])
    assert failed.exit_code == 0 and json.loads(failed.stdout)["passages"]
    assert "HTTP 503" in json.loads(failed.stdout)["llm_error"]
    assert len(failed.stderr.strip().splitlines()) == 1 and "Traceback" not in failed.output
    monkeypatch.setenv("COACH_LLM_URL", "http://127.0.0.1:9/v1")  # nothing listens on the discard port
    down = runner.invoke(cli, ["ask", "what is dropout"])
    assert down.exit_code == 0 and "is the model server running?" in down.stderr and "[1]" in down.stdout
    monkeypatch.setenv("COACH_LLM_URL", "localhost:11434")
    bad = runner.invoke(cli, ["ask", "what is dropout"])
    assert bad.exit_code == 0 and "not an http(s) URL" in bad.stderr


def test_grade_comment_sits_beside_an_unchanged_offline_score(chat_server: ChatServer, runner: CliRunner) -> None:
    chat_server.reply = "Good start: you named the penalty. Say that L1 drives weights to exactly zero."
    args = [
        "grade",
        "--reference",
        "L1 adds the absolute weights to the loss and makes many weights exactly zero.",
        "--answer",
        "L1 penalises the size of the weights.",
        "--question",
        "What does L1 do?",
        "--json",
    ]
    with_comment = json.loads(runner.invoke(cli, args).stdout)
    without = json.loads(runner.invoke(cli, [*args, "--no-llm"]).stdout)
    assert with_comment["comment"] == {"text": chat_server.reply, "model": "tiny-test-model"}
    assert with_comment["score"] == without["score"] and "comment" not in without
    prompt = chat_server.requests[0]["messages"][-1]["content"]
    assert "L1 penalises the size of the weights." in prompt and f"Score {without['score']}/100" in prompt
    shown = runner.invoke(cli, args[:-1])
    assert "the score above is the offline grader's" in shown.stdout and chat_server.reply in shown.stdout


def test_batch_grading_never_calls_the_model(chat_server: ChatServer, runner: CliRunner, tmp_path: Path) -> None:
    batch = tmp_path / "in.csv"
    batch.write_text("reference,answer\nL1 makes weights sparse.,It zeroes weights.\n", encoding="utf-8")
    result = runner.invoke(cli, ["grade", "--batch", str(batch), "--out", str(tmp_path / "out.csv")])
    assert result.exit_code == 0 and chat_server.requests == []


def test_citation_check() -> None:
    checked = check_citations("A [1]. B [2] [3]. C [0] .", passages=2, model="m")
    assert checked.text == "A [1]. B [2]. C." and checked.cited == [1, 2] and checked.dropped == [3, 0]
