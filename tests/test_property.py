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
