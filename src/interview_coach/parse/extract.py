"""Blocks → practice items. Each recogniser claims a span of blocks; what no recogniser claims is not a question.

Precedence follows how people write notes: a question heading owns everything up to the next heading of the
same or a higher level (or the next question heading, or a rule), so questions quoted inside an answer stay part
of that answer. Outside such spans, bold/"Q:" paragraphs own the blocks up to the next heading or rule, and list
entries, quoted lines, Q/A tables and <details> blocks each carry their own answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interview_coach.parse.answers import build_answer, is_label_line, is_placeholder
from interview_coach.parse.blocks import Block, ListEntry
from interview_coach.parse.cards import SR_COMMENT, Card
from interview_coach.parse.model import ParsedItem
from interview_coach.parse.questions import (
    clean_question,
    interviewer_question,
    is_interrogative,
    is_question_n_heading,
    is_strong_question_line,
    names_questions,
    question_from_heading,
    question_from_line,
    split_inline_answer,
    strip_leading_symbols,
    strip_markup,
)

_LINK_ONLY = re.compile(r"\[[^\[\]\n]{0,200}\]\([^()\s]{0,2000}\)")
_PITCH = re.compile(r"\b(elevator pitch|introduce yourself|tell me about yourself)\b", re.IGNORECASE)
_ASK_SECTION = re.compile(
    r"(questions?\s+(?:you\s+(?:can|could|should)\s+|to\s+)?ask|my\s+questions|ask\s+the\s+interviewer|"
    r"questions\s+for\s+(?:the\s+)?(?:interviewer|them|hr|recruiter|team|manager)|reverse\s+interview)",
    re.IGNORECASE,
)


@dataclass
class _Context:
    lines: list[str]
    blocks: list[Block]
    path: list[tuple[int, str, bool]] = field(default_factory=list)  # (level, heading text, is a question)
    items: list[ParsedItem] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)  # block indexes that belong to an item
    questions: dict[int, str | None] = field(default_factory=dict)  # heading block index → question, once

    def heading_question(self, i: int) -> str | None:
        if i not in self.questions:
            self.questions[i] = question_from_heading(self.blocks[i].text)
        return self.questions[i]

    def heading_path(self) -> list[str]:
        """Enclosing section headings; question headings are items, not sections."""
        return [text for _, text, is_question in self.path if not is_question]

    def push_heading(self, block: Block, is_question: bool) -> None:
        while self.path and self.path[-1][0] >= block.level:
            self.path.pop()
        self.path.append((block.level, heading_title(block.text), is_question))


def heading_title(raw: str) -> str:
    return strip_markup(raw).strip()


def extract_items(
    blocks: list[Block], lines: list[str], cards: list[Card] | None = None
) -> tuple[list[ParsedItem], set[int]]:
    """All items in document order, plus the indexes of blocks that belong to an item.

    `cards` (flashcards, admonitions) were read from the lines; the blocks they cover belong to them."""
    ctx = _Context(lines, blocks)
    pending = list(cards or [])
    covered = {n for c in pending for n in range(c.line_start, max(c.line_end, c.answer_end) + 1)}
    i = 0
    while i < len(blocks):
        while pending and pending[0].line_start <= blocks[i].line_start:
            _add_card(ctx, pending.pop(0))
        if any(n in covered for n in (blocks[i].line_start, blocks[i].line_end)):
            ctx.claimed.add(i)
            i += 1
            continue
        i = _step(ctx, i)
    for card in pending:
        _add_card(ctx, card)
    ctx.items.sort(key=lambda item: item.line_start)
    return ctx.items, ctx.claimed


def _add_card(ctx: _Context, card: Card) -> None:
    question = clean_question(card.question)
    if not question:
        return
    if card.inline_answer:
        answer = SR_COMMENT.sub("", card.inline_answer).strip()
        item = ParsedItem(question, answer, card.line_start, card.line_end, ctx.heading_path())
        if is_placeholder(answer):
            item.answer = ""
        else:
            item.answer_lines = (card.line_start, card.line_start)
        item.section_hint = _section(ctx)
        item.shape = card.shape
        ctx.items.append(item)
        return
    _add_item(ctx, question, card.line_start, card.answer_start, card.answer_end, section=_section(ctx))
    ctx.items[-1].shape = card.shape


def _step(ctx: _Context, i: int) -> int:
    block = ctx.blocks[i]
    if block.kind == "heading":
        return _heading(ctx, i)
    if block.kind == "paragraph" and is_strong_question_line(block.text.split("\n", 1)[0]):
        return _strong_paragraph(ctx, i)
    if block.kind == "paragraph":
        _quoted_lines(ctx, i)
    elif block.kind == "list":
        _list_entries(ctx, i)
    elif block.kind == "table":
        _qa_table(ctx, i)
    elif block.kind == "html" and "<summary" in block.text.lower():
        return _details(ctx, i)
    return i + 1


# --- question headings -------------------------------------------------------------------------------------


def _heading(ctx: _Context, i: int) -> int:
    block = ctx.blocks[i]
    title = heading_title(block.text)
    question = ctx.heading_question(i)
    pitch = question is None and _PITCH.search(title)
    ctx.push_heading(block, is_question=question is not None)
    if pitch:
        question = title
    if question is None:
        return i + 1
    end = _heading_region_end(ctx, i)
    line, body_start = block.line_start, block.line_end + 1
    nxt = ctx.blocks[i + 1] if i + 1 < end else None
    if nxt is not None and nxt.kind == "paragraph":
        asked = interviewer_question(nxt.text.split("\n", 1)[0])
        if asked and is_question_n_heading(block.text):
            question, line, body_start = asked, nxt.line_start, nxt.line_start + 1
        elif _continues_question(nxt, block):
            question = f"{question} {clean_question(nxt.text)}"
            body_start = nxt.line_end + 1
    last = ctx.blocks[end - 1].line_end if end - 1 > i else block.line_end
    _add_item(ctx, question, line, body_start, last, section=_section(ctx))
    ctx.claimed.update(range(i, end))
    return end


def _heading_region_end(ctx: _Context, i: int) -> int:
    blocks = ctx.blocks
    level = blocks[i].level
    for j in range(i + 1, len(blocks)):
        block = blocks[j]
        if block.kind == "hr":
            return j
        if block.kind == "heading" and (block.level <= level or ctx.heading_question(j)):
            return j
    return len(blocks)


def _continues_question(paragraph: Block, heading: Block) -> bool:
    """ "#### Q: How do you pick features?" + "Give an example if possible." on the very next line."""
    if paragraph.line_start != heading.line_end + 1 or "\n" in paragraph.text.strip():
        return False
    text = clean_question(paragraph.text)
    if len(text.split()) > 25 or is_label_line(paragraph.text):
        return False
    return text.endswith("?") or bool(
        re.match(r"^(give|include|provide|also|and|or|bonus|follow[- ]up|explain|describe)\b", text, re.I)
    )


# --- bold / "Q:" paragraphs ----------------------------------------------------------------------------------


def _strong_paragraph(ctx: _Context, i: int) -> int:
    block = ctx.blocks[i]
    first = block.text.split("\n", 1)[0]
    question = interviewer_question(first) or clean_question(first)
    question, inline = split_inline_answer(question) if not question.endswith("?") else (question, "")
    inline_answer = re.search(r"\bA\s*:\s*(.+)$", question)
    if inline_answer:  # "Q: What is X? A: Y" on one line
        question = question[: inline_answer.start()].strip()
    end = i + 1
    while end < len(ctx.blocks) and not _ends_paragraph_region(ctx.blocks[end]):
        end += 1
    last = ctx.blocks[end - 1].line_end
    body_start = block.line_start + 1 if not (inline or inline_answer) else block.line_start
    _add_item(ctx, question, block.line_start, body_start, last, section=_section(ctx))
    if inline or inline_answer:
        _replace_first_answer_line(ctx.items[-1], inline or (inline_answer.group(1) if inline_answer else ""))
    ctx.claimed.update(range(i, end))
    return end


def _ends_paragraph_region(block: Block) -> bool:
    if block.kind in ("heading", "hr"):
        return True
    if block.kind == "list":  # a "- Q: … A: …" list starts new questions
        return bool(block.entries) and is_strong_question_line(block.entries[0].lead_text.split("\n", 1)[0])
    return block.kind == "paragraph" and is_strong_question_line(block.text.split("\n", 1)[0])


def _replace_first_answer_line(item: ParsedItem, inline: str) -> None:
    """The answer starts on the question's own line: keep only the part after the question."""
    if not item.answer:
        item.answer = inline
        item.answer_lines = (item.line_start, item.line_start)
        return
    head, _, tail = item.answer.partition("\n")
    item.answer = inline + ("\n" + tail if tail else "")


# --- quoted question lines inside a paragraph ----------------------------------------------------------------


def _quoted_lines(ctx: _Context, i: int) -> None:
    """ "Part 3 — Practice" + “How would you…?” lines, or “How do you know…?” + "You answer: …" lines."""
    block = ctx.blocks[i]
    rows = block.text.split("\n")
    framed = names_questions(_section(ctx)) or any(names_questions(r) for r in rows[:1])
    starts = [
        (n, q)
        for n, row in enumerate(rows)
        if row.strip()[:1] in '"“' and (q := question_from_line(row, framed=framed))
    ]
    if not starts and len(rows) > 1:
        first = question_from_line(rows[0], framed=False)
        if first and first.endswith("?") and is_interrogative(first):
            starts = [(0, first)]
    for k, (n, question) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(rows)
        line = block.line_start + n
        _add_item(ctx, question, line, line + 1, block.line_start + stop - 1, section=_section(ctx))
    if starts:
        ctx.claimed.add(i)


# --- list entries --------------------------------------------------------------------------------------------


def _list_entries(ctx: _Context, i: int) -> None:
    block = ctx.blocks[i]
    section = _section(ctx)
    label = _label_before(ctx.blocks, i)
    framed = names_questions(section) or names_questions(label)
    found = False
    for entry in block.entries:
        if not entry.task:
            found |= _list_entry(ctx, entry, framed, label or section)
    if found:
        ctx.claimed.add(i)


def _list_entry(ctx: _Context, entry: ListEntry, framed: bool, section: str) -> bool:
    rows = entry.lead_text.split("\n")
    for n, row in enumerate(rows):
        question = question_from_line(row, framed=framed)
        if question is None:
            continue
        question, inline = split_inline_answer(question)
        line = entry.lead_start + n
        _add_item(ctx, question, line, line + 1, entry.line_end, section=section)
        if inline:
            _replace_first_answer_line(ctx.items[-1], inline)
            ctx.items[-1].answer_lines = (line, ctx.items[-1].answer_lines[1] if ctx.items[-1].answer_lines else line)
        return True
    return False


def _label_before(blocks: list[Block], i: int) -> str:
    """A short paragraph right above a list ("Other Questions:") frames it like a heading would."""
    if i == 0:
        return ""
    prev = blocks[i - 1]
    if prev.kind != "paragraph" or prev.line_end < blocks[i].line_start - 2:
        return ""
    last = prev.text.strip().split("\n")[-1]
    return strip_markup(last) if len(last.split()) <= 12 else ""


# --- Q/A tables and <details> --------------------------------------------------------------------------------


def _qa_table(ctx: _Context, i: int) -> None:
    block = ctx.blocks[i]
    if len(block.rows) < 2:
        return
    header = [strip_markup(cell).lower() for cell in block.rows[0][1]]
    q_col = next((k for k, h in enumerate(header) if h in ("q", "question", "questions", "prompt")), None)
    a_col = next((k for k, h in enumerate(header) if h.startswith(("a", "answer"))), None)
    if q_col is None:
        return
    for line, cells in block.rows[1:]:
        if q_col >= len(cells) or not clean_question(cells[q_col]):
            continue
        answer = cells[a_col].strip() if a_col is not None and a_col < len(cells) else ""
        if _LINK_ONLY.fullmatch(answer) or is_placeholder(answer):
            answer = ""  # "[Answer](QA_1.md)": the answer lives in another file, this table is its index
        item = ParsedItem(clean_question(cells[q_col]), answer, line, line, ctx.heading_path())
        item.answer_lines = (line, line) if answer else None
        item.section_hint = _section(ctx)
        ctx.items.append(item)
    ctx.claimed.add(i)


def _details(ctx: _Context, i: int) -> int:
    block = ctx.blocks[i]
    match = re.search(r"<summary[^>]*>(.*?)</summary>", block.text, re.IGNORECASE | re.DOTALL)
    if not match:
        return i + 1
    question = clean_question(match.group(1))
    end = i
    while end < len(ctx.blocks) and "</details>" not in ctx.blocks[end].text.lower():
        end += 1
    end = min(end, len(ctx.blocks) - 1)
    summary_line = block.line_start + block.text[: match.start()].count("\n")
    last = ctx.blocks[end].line_end
    _add_item(ctx, question, summary_line, summary_line + 1, last, section=_section(ctx))
    item = ctx.items[-1]
    item.answer = re.sub(r"</?(details|summary)[^>]*>", "", item.answer, flags=re.IGNORECASE).strip()
    ctx.claimed.update(range(i, end + 1))
    return end + 1


# --- shared --------------------------------------------------------------------------------------------------


def _section(ctx: _Context) -> str:
    path = ctx.heading_path()
    return path[-1] if path else ""


def _add_item(ctx: _Context, question: str, line: int, body_start: int, body_end: int, section: str) -> None:
    question = strip_leading_symbols(question).strip()
    answer = build_answer(ctx.lines, body_start, body_end)
    item = ParsedItem(
        question=question,
        answer=answer.text if answer else "",
        line_start=line,
        line_end=max(line, answer.last_line if answer else line),
        heading_path=ctx.heading_path(),
        answer_lines=(answer.first_line, answer.last_line) if answer else None,
    )
    item.section_hint = section
    if _ASK_SECTION.search(" / ".join(ctx.heading_path() + [section])):
        item.kind = "ask_interviewer"
        item.note, item.answer, item.answer_lines = item.answer, "", None
    ctx.items.append(item)
