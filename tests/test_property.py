import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_coach.notes.repair import repair_text
from interview_coach.parse import parse_document

MARKDOWNISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "#### Q: What is X?",
                "**Q: Why?**",
                "- Q: a? A: b",
                "1. How so?",
                "```",
                "   ```",
                '**Interviewer:** "Design it."',
                "**Ideal Answer:**",
                "---",
                "| q | a |",
                "|---|---|",
                "<details><summary>What?</summary>",
                "</details>",
                "Situation: s",
                "Result: r",
                "",
                "  #### Q: indented?",
                "> quoted?",
                "    code?",
                "Ã©â€™ðŸ",
                "* [ ] todo",
                "front::back <!--SR:!2026-01-04,3,250-->",
                "front:::back",
                "?",
                "___",
                "card_id: null",
                '??? question "What is it?"',
                "    indented admonition body",
                "**What is bold?** inline answer",
                "<h3>What is html?</h3>",
                "> A: quoted answer",
                "1. [E] What is tagged? ⭐",
                "- [What is a TOC entry?](#toc)",
                "---",
                "coach-questions: bold",
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), MARKDOWNISH.map("\n".join)))
def test_any_text_parses_and_every_item_lies_inside_its_file(text: str) -> None:
    repaired = repair_text(text).text
    doc = parse_document(repaired)
    lines = doc.line_count
    for item in doc.items:
        assert 1 <= item.line_start <= item.line_end <= lines
        if item.answer_lines:
            assert 1 <= item.answer_lines[0] <= item.answer_lines[1] <= lines
    for note in doc.notes:
        assert 1 <= note.line_start <= note.line_end <= lines


# Hostile shapes (issue 15): deep indentation, long runs of markup characters, brackets and nesting, not only tame
# markdown. Every item must still come from real lines of the text.
_RUN_CHARS = st.sampled_from([" ", "\t", "<", ">", "[", "]", "(", "*", "_", "`", "|", "#", "-", "=", ":", "?", "\\"])
HOSTILE_LINE = st.one_of(
    st.builds(lambda c, n, tail: c * n + tail, _RUN_CHARS, st.integers(50, 3000), st.sampled_from(["", "x", "What?"])),
    st.builds(
        lambda n, m: " " * n + m, st.integers(8, 400), st.sampled_from(["- q?", "1. **q?**", "> a", "A: b", "```"])
    ),
    st.builds(lambda n, m: ">" * n + m, st.integers(1, 300), st.sampled_from([" q?", " - a", ""])),
    st.builds(lambda n: "[" * n + "x" + "](" * n, st.integers(1, 500)),
    st.builds(lambda n: "<details>" * n + "<summary>q?</summary>", st.integers(1, 200)),
    st.builds(lambda n: "| " + " | ".join("?" * n), st.integers(1, 200)),
    st.sampled_from(["**Q: Why?**", "Q: What?", "A:", "???", "::", "?", "___", "---", '??? question "x"']),
)
HOSTILE_DOC = st.lists(st.one_of(HOSTILE_LINE, st.text(max_size=30)), min_size=1, max_size=25).map("\n".join)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # CI runs the same 150 hostile documents each time: a failure is reproducible, never luck
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(HOSTILE_DOC)
def test_hostile_text_parses_and_every_item_is_traceable(text: str) -> None:
    doc = parse_document(text)
    lines = re.split(r"\r\n?|\n", text)  # a lone CR ends a line, as markdown reads it
    for item in doc.items:
        assert 1 <= item.line_start <= item.line_end <= doc.line_count == len(lines)
        # the question's words come from the lines the item claims
        source = " ".join(lines[item.line_start - 1 : item.line_end])
        for word in item.question.split()[:3]:
            assert word.strip("*_`\"“”'") in source or not word.strip("*_`\"“”'")
        if item.answer_lines:
            assert item.line_start <= item.answer_lines[0] <= item.answer_lines[1] <= doc.line_count
