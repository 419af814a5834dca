"""grade: score a typed answer against a reference answer (given, or an item's from the bank), or a CSV batch."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from interview_coach.cli import cli, emit_json, open_from
from interview_coach.cli.writing import LLM_OPTION, configured_llm, try_writing
from interview_coach.errors import CoachError

MAX_ANSWER_WORDS = 3000  # an answer is graded on its first words beyond this (an interview answer is far shorter)


def _answer_text(answer: str | None) -> str:
    if answer is None:
        raise CoachError('give the answer to grade: --answer "…" (or --answer - to read it from stdin)')
    text = sys.stdin.read() if answer == "-" else answer
    text = text.replace("\x00", " ")
    words = text.split()
    if len(words) > MAX_ANSWER_WORDS:
        click.echo(f"Note: the answer has {len(words):,} words; grading its first {MAX_ANSWER_WORDS:,}.", err=True)
        text = " ".join(words[:MAX_ANSWER_WORDS])
    return text


@cli.command("grade", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("item_id", required=False)
@click.option("--answer", help='The answer to grade; "-" reads it from stdin.')
@click.option("--reference", help="The reference answer (instead of an item from the bank).")
@click.option("--question", default="", help="The question (helps notice answers that only restate it).")
@click.option("--batch", "batch", type=click.Path(dir_okay=False, path_type=Path), help="CSV with reference,answer.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Where --batch writes its CSV.")
@click.option("--json", "as_json", is_flag=True, help="Print the grade as JSON.")
@LLM_OPTION
@click.pass_context
def grade_cmd(
    ctx: click.Context,
    item_id: str | None,
    answer: str | None,
    reference: str | None,
    question: str,
    batch: Path | None,
    out: Path | None,
    as_json: bool,
    use_llm: bool,
) -> None:
    """Grade an answer against a reference: score 0-100, key points covered or missed, missing terms.

    \b
    Example:
      coach grade --reference "L1 adds |w| to the loss and makes weights sparse." --answer "It zeroes weights."
      coach grade 3f2a9c --answer - < my_answer.txt
      coach grade --batch answers.csv --out graded.csv

    With COACH_LLM_URL set, the model you run also writes a short comment next to the grade; the score is always
    the offline grader's, so the same answer gets the same score. Batch mode never calls the model.
    """
    from interview_coach.grade.grader import grade
    from interview_coach.grade.rating import rating_for
    from interview_coach.llm.writing import grade_comment
    from interview_coach.search.embed import default_embedder

    if batch is not None:
        _grade_batch(batch, out)
        return
    if item_id is None and reference is None:
        raise CoachError('say what to grade against: an item id from `coach list`, or --reference "…"')
    text = _answer_text(answer)
    if item_id is not None:
        reference, question = _from_bank(ctx, item_id, as_json)
        if reference is None:
            return
    assert reference is not None
    if not reference.strip():
        raise CoachError("the reference answer is empty; pass the text a good answer should contain")
    result = grade(question, reference, text, default_embedder().embed)
    rating = rating_for(result)
    llm = configured_llm(use_llm)
    written, failure = try_writing(lambda: grade_comment(llm, question, reference, text, result)) if llm else (None, "")
    if as_json:
        data = result.as_dict() | {"rating": rating.name.lower()}
        if written:
            data["comment"] = {"text": written, "model": llm.model if llm else ""}
        if failure:
            data["llm_error"] = failure
        emit_json(data)
    else:
        from interview_coach.cli.render import print_grade

        print_grade(result, rating.name.capitalize(), comment=(written, llm.model) if written and llm else None)


def _from_bank(ctx: click.Context, item_id: str, as_json: bool) -> tuple[str | None, str]:
    from interview_coach.bank.queries import get_item

    with open_from(ctx) as bank, bank.session() as session:
        item = get_item(session, item_id)
        question, reference = item.question, item.answer
    if not reference.strip():
        message = (
            "this item has no reference answer in your notes, so it can't be graded automatically; "
            "rate yourself instead (Again / Hard / Good / Easy) when you practise it"
        )
        if as_json:
            emit_json({"gradable": False, "message": message, "question": question})
        else:
            click.echo(message[0].upper() + message[1:] + ".")
        return None, question
    return reference, question


def _grade_batch(path: Path, out: Path | None) -> None:
    from interview_coach.grade.grader import grade_many
    from interview_coach.search.embed import default_embedder

    if out is None:
        raise CoachError("--batch needs --out FILE for the graded CSV")
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip().lower() for c in reader.fieldnames or []]
            rows = [{k.strip().lower(): (v or "") for k, v in row.items() if k} for row in reader]
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachError(f"{path}: cannot read the CSV ({exc}); save it as UTF-8 CSV with a header row") from exc
    for needed in ("reference", "answer"):
        if needed not in columns:
            raise CoachError(
                f"{path}: no '{needed}' column; the header needs reference and answer (id, question optional)"
            )
    grades = grade_many([(r.get("question", ""), r["reference"], r["answer"]) for r in rows], default_embedder().embed)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "score", "verdict", "covered", "missed"])
        for n, (row, result) in enumerate(zip(rows, grades, strict=True), start=1):
            writer.writerow([row.get("id") or n, result.score, result.verdict, result.covered, result.missed])
    click.echo(f"Graded {len(rows)} answers → {out}", err=True)
