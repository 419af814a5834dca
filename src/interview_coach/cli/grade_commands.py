"""grade: score a typed answer against a reference answer (given, or an item's from the bank), or a CSV batch."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from interview_coach.cli import cli, emit_json, open_from
from interview_coach.cli.writing import LLM_OPTION, configured_llm, try_writing
from interview_coach.errors import CoachError


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
    from interview_coach.grade.grader import default_embed
    from interview_coach.grade.service import grade_answer, grade_csv, read_answer
    from interview_coach.llm.writing import grade_comment

    if batch is not None:
        if out is None:
            raise CoachError("--batch needs --out FILE for the graded CSV")
        count = grade_csv(batch, out, default_embed)
        click.echo(f"Graded {count} answers → {out}", err=True)
        return
    if item_id is None and reference is None:
        raise CoachError('say what to grade against: an item id from `coach list`, or --reference "…"')
    text, notes = read_answer(answer, sys.stdin.buffer if answer == "-" else None)
    if item_id is not None:
        reference, question = _from_bank(ctx, item_id, as_json)
        if reference is None:
            return
    for note in notes:
        click.echo(f"Note: {note}.", err=True)
    graded = grade_answer(question, reference, text, default_embed())
    result, rating, reference = graded.grade, graded.rating, reference or ""
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
