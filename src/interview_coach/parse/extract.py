"""Blocks → practice items. Each recogniser claims a span of blocks; what no recogniser claims is not a question.

Precedence follows how people write notes: a question heading owns everything up to the next heading of the
same or a higher level (or the next question heading, or a rule), so questions quoted inside an answer stay part
of that answer. Outside such spans, bold/"Q:" paragraphs own the blocks up to the next heading or rule, and list
entries, quoted lines, Q/A tables and <details> blocks each carry their own answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interview_coach.parse.answers import build_answer, is_label_line, is_placeholder, strip_inline_label
from interview_coach.parse.blocks import Block
from interview_coach.parse.cards import SR_COMMENT, Card
from interview_coach.parse.formats import Evidence
from interview_coach.parse.model import ParsedItem
from interview_coach.parse.questions import (
    asks,
    bold_lead,
    clean_question,
    interviewer_question,
    is_interrogative,
    is_labelled,
    is_prompt,
    is_question_n_heading,
    is_strong_question_line,
    names_questions,
    question_from_heading,
    question_from_line,
    reads_as_prompt,
    split_inline_answer,
    strip_leading_symbols,
    strip_markup,
)

_ANCHOR_ONLY = re.compile(r"(?:\[[^\[\]\n]{0,300}\]\(#[^()\s]{0,300}\)[\s,;|·•–-]*)+")
_SUMMARY = re.compile(r"<summary[^<>]{0,300}>(.{0,3000}?)</summary>", re.IGNORECASE | re.DOTALL)
_DETAILS_TAG = re.compile(r"</?(?:details|summary)[^<>]{0,300}>", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_TOC_TITLE = re.compile(r"(?:table of contents|contents|toc)\W*", re.IGNORECASE)  # heads links, not a topic
_NUMBER_LABEL = re.compile(r"(?:Question|Q)\s*#?\s*\d{1,4}\W*", re.IGNORECASE)  # "Question 3", "Q3:"
_NAMES_QUESTION = re.compile(r"\bquestions?\b")
_NAMES_ANSWER = re.compile(r"\banswers?\b")
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
    evidence: Evidence = field(default_factory=Evidence)
    bare: list[ParsedItem] = field(default_factory=list)  # from lists that ask without answering, unframed
    folds_topics: bool = False  # a <details> here folds a topic's questions (its summary names the topic)

    def heading_question(self, i: int) -> str | None:
        if i not in self.questions:
            block = self.blocks[i]
            allowed = self.evidence.allows("heading")
            relaxed = self.evidence.relaxed_level(block.level)
            self.questions[i] = question_from_heading(block.text, relaxed) if allowed else None
            entry = self.evidence.forced == "heading" or block.level == self.evidence.entry_level
            if self.questions[i] is None and entry and i in self.evidence.leaves:
                self.questions[i] = heading_title(block.text) or None  # a topic heading as the entry's question
        return self.questions[i]

    def heading_path(self) -> list[str]:
        """Enclosing section headings; question headings are items, not sections."""
        return [text for _, text, is_question in self.path if not is_question and not _TOC_TITLE.fullmatch(text)]

    def push_heading(self, block: Block, is_question: bool) -> None:
        while self.path and self.path[-1][0] >= block.level:
            self.path.pop()
        self.path.append((block.level, heading_title(block.text), is_question))


def heading_title(raw: str) -> str:
    return strip_markup(raw).strip()


def extract_items(
    blocks: list[Block], lines: list[str], cards: list[Card] | None = None, evidence: Evidence | None = None
) -> tuple[list[ParsedItem], set[int]]:
    """All items in document order, plus the indexes of blocks that belong to an item.

    `cards` (flashcards, admonitions) were read from the lines; the blocks they cover belong to them.
    `evidence` says which shapes mark this document's questions (formats.gather)."""
    ctx = _Context(lines, blocks, evidence=evidence or Evidence())
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
    _drop_rhetorical(ctx)
    ctx.items.sort(key=lambda item: item.line_start)
    return ctx.items, ctx.claimed


def _drop_rhetorical(ctx: _Context) -> None:
    """Lists that only ask, under headings that do not say they hold questions: one or two such bullets in a
    whole file are prose (a paper title in the references, an aside), not a question bank."""
    if not ctx.bare or ctx.evidence.forced == "list" or len(ctx.bare) >= 3:
        return
    bare = {id(item) for item in ctx.bare}
    ctx.items = [item for item in ctx.items if id(item) not in bare]


def _inside_prose(blocks: list[Block], i: int) -> bool:
    """The list continues a sentence of the paragraph right above it ("…had to solve these problems:")."""
    if i == 0:
        return False
    prev = blocks[i - 1]
    if prev.kind != "paragraph" or prev.line_end < blocks[i].line_start - 2:
        return False
    last = prev.text.strip().split("\n")[-1]
    return last.endswith(":") and len(strip_markup(last).split()) > 8


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
    _add_item(
        ctx, question, card.line_start, card.answer_start, card.answer_end, section=_section(ctx), shape=card.shape
    )
    item = ctx.items[-1]
    item.line_end = max(item.line_end, card.line_end)  # a front over several lines, with or without a back


def _step(ctx: _Context, i: int) -> int:
    block = ctx.blocks[i]
    if block.kind == "heading":
        return _heading(ctx, i)
    evidence = ctx.evidence
    shaped = evidence.allows("bold") or evidence.allows("label")
    if block.kind == "paragraph" and shaped and _opens_question(block, evidence):
        return _strong_paragraph(ctx, i)
    if block.kind == "paragraph" and not evidence.forced and _quote_follows(ctx, i):
        return _quote_answer(ctx, i)
    if block.kind == "paragraph" and not evidence.forced:
        _quoted_lines(ctx, i)
    elif block.kind == "list" and evidence.allows("list"):
        return _list_entries(ctx, i)
    elif block.kind == "table" and evidence.allows("table"):
        _qa_table(ctx, i)
    elif block.kind == "html" and "<summary" in block.text.lower() and evidence.allows("details"):
        return _details(ctx, i)
    return i + 1


def _opens_question(block: Block, evidence: Evidence) -> bool:
    return is_strong_question_line(block.text[:600].split("\n", 1)[0], evidence.relaxed("bold"))


# --- a question line answered by the blockquote under it -------------------------------------------------------


def _quote_follows(ctx: _Context, i: int) -> bool:
    block = ctx.blocks[i]
    if i + 1 >= len(ctx.blocks) or "\n" in block.text.strip():
        return False
    quote = ctx.blocks[i + 1]
    if quote.kind != "quote" or quote.line_start > block.line_end + 2:
        return False
    text = strip_markup(block.text)
    return asks(text) or (ctx.evidence.relaxed("quote") and reads_as_prompt(text))


def _quote_answer(ctx: _Context, i: int) -> int:
    block, quote = ctx.blocks[i], ctx.blocks[i + 1]
    _add_item(
        ctx, clean_question(block.text), block.line_start, quote.line_start, quote.line_end, _section(ctx), "quote"
    )
    ctx.claimed.update({i, i + 1})
    return i + 2


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
    _add_item(ctx, question, line, body_start, last, section=_section(ctx), shape="heading")
    ctx.claimed.update(range(i, end))
    return end


def _heading_region_end(ctx: _Context, i: int) -> int:
    blocks = ctx.blocks
    level = blocks[i].level
    unclosed = 0  # <details> opened inside this answer and not yet closed
    for j in range(i + 1, len(blocks)):
        block = blocks[j]
        if block.kind == "hr":
            return j
        if ctx.folds_topics and block.kind == "html":
            html = block.text.lower()
            unclosed += html.count("<details") - html.count("</details>")
            if unclosed < 0:
                return j  # the end of the topic's <details>: the last answer in it ends here
        if block.kind == "heading" and (block.level <= level or question_from_heading(block.text)):
            return j  # a deeper heading is part of the answer unless it plainly asks a question itself
        if block.kind == "paragraph" and ctx.evidence.relaxed("quote") and _quote_follows(ctx, j):
            return j  # the document answers its questions in blockquotes: a question line over one is the next
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
    shape = "label" if is_labelled(first) else "bold"
    lead = bold_lead(first)
    # "**Question**: …", "**Q1:** …": the bold is only the label
    labelled_bold = lead is not None and len(lead[0].split()) <= 2 and is_labelled(lead[0].rstrip(":") + ":")
    if lead and lead[1] and not labelled_bold and not interviewer_question(first):  # "**What is X?** It is…"
        question, inline = clean_question(lead[0]), lead[1].lstrip(":—–- ").strip()
    else:
        question = interviewer_question(first) or clean_question(first)
        question, inline = split_inline_answer(question) if not question.endswith("?") else (question, "")
        if inline and "?" in first:  # the answer as written (markup stripping would eat "T < 1 … T > 1")
            inline = first[first.rfind("?") + 1 :].lstrip("*_ ").strip() or inline
    inline_answer = re.search(r"\bA\s*:\s*(.+)$", question)
    if inline_answer:  # "Q: What is X? A: Y" on one line
        question = question[: inline_answer.start()].strip()
    wrapped = _wrapped_question_rows(block.text) if shape == "label" and not (inline or inline_answer) else 0
    if wrapped:  # "Q: …" over two lines, then "A: …" in the same paragraph
        question = clean_question(" ".join(block.text.split("\n")[:wrapped]))
    end = i + 1
    while end < len(ctx.blocks) and not _ends_paragraph_region(ctx, ctx.blocks[end]):
        end += 1
    last = ctx.blocks[end - 1].line_end
    body_start = block.line_start + max(1, wrapped) if not (inline or inline_answer) else block.line_start
    _add_item(ctx, question, block.line_start, body_start, last, section=_section(ctx), shape=shape)
    if inline or inline_answer:
        _replace_first_answer_line(ctx.items[-1], inline or (inline_answer.group(1) if inline_answer else ""))
    ctx.claimed.update(range(i, end))
    return end


def _wrapped_question_rows(text: str) -> int:
    """How many rows a labelled question takes when an answer label ("A:") opens a later row of its paragraph
    (0 when none does within a few rows)."""
    rows = text.split("\n")
    for k, row in enumerate(rows[1:5], start=1):
        if strip_inline_label(row) != row and not is_labelled(row):
            return k if k > 1 else 0
    return 0


def _ends_paragraph_region(ctx: _Context, block: Block) -> bool:
    if block.kind in ("heading", "hr"):
        return True
    if block.kind == "list":  # a "- Q: … A: …" list starts new questions
        return bool(block.entries) and is_labelled(block.entries[0].lead_text.split("\n", 1)[0])
    relaxed = ctx.evidence.relaxed("bold")
    return block.kind == "paragraph" and is_strong_question_line(block.text.split("\n", 1)[0], relaxed)


def _replace_first_answer_line(item: ParsedItem, inline: str) -> None:
    """The answer starts on the question's own line: keep only the part after the question."""
    inline = strip_inline_label(inline)
    if is_placeholder(inline) and not item.answer.partition("\n")[2].strip():
        item.answer, item.answer_lines = "", None  # "**Q?** TODO"
        return
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
        _add_item(ctx, question, line, line + 1, block.line_start + stop - 1, section=_section(ctx), shape="label")
    if starts:
        ctx.claimed.add(i)


# --- list entries --------------------------------------------------------------------------------------------


def _list_entries(ctx: _Context, i: int) -> int:
    block = ctx.blocks[i]
    section = _section(ctx)
    label = _label_before(ctx.blocks, i)
    framed = names_questions(section) or names_questions(label)
    entries = [
        _Entry(e.lead_start, e.lead_text, e.line_end, e.task, body=e.line_end > e.lead_start) for e in block.entries
    ]
    first = len(ctx.items)
    if _list_of_questions(ctx, entries, framed, label or section, depth=0):
        ctx.claimed.add(i)
    made = ctx.items[first:]
    if len(block.entries) == 1 and len(made) == 1 and not (made[0].answer or made[0].note):
        return _answer_below(ctx, i, made[0], framed)
    if made and not framed and not any(item.answer for item in made):
        if _inside_prose(ctx.blocks, i) and ctx.evidence.forced != "list":
            del ctx.items[first:]  # "…the same problems from scratch:" + questions: the sentence's content
        else:
            ctx.bare.extend(made)  # a list that only asks: a question bank, unless it is all the file has
    return i + 1


def _answer_below(ctx: _Context, i: int, item: ParsedItem, framed: bool) -> int:
    """ "2. What is X?" alone in its list, then paragraphs: a numbered question answered below it, up to the next
    such question, heading or rule."""
    end = i + 1
    while end < len(ctx.blocks) and not _ends_answer_below(ctx, ctx.blocks[end]):
        end += 1
    if end == i + 1:
        if not framed:
            ctx.bare.append(item)
        return i + 1
    answer = build_answer(ctx.lines, ctx.blocks[i].line_end + 1, ctx.blocks[end - 1].line_end)
    if answer is not None:
        item.answer, item.answer_lines, item.line_end = (
            answer.text,
            (answer.first_line, answer.last_line),
            answer.last_line,
        )
    ctx.claimed.update(range(i, end))
    return end


def _ends_answer_below(ctx: _Context, block: Block) -> bool:
    if block.kind in ("heading", "hr", "list", "table") or (block.kind == "html" and "<summary" in block.text.lower()):
        return True
    return block.kind == "paragraph" and _opens_question(block, ctx.evidence)


@dataclass
class _Entry:
    """A list entry: its lead text (from its first line), last line, and whether more than the lead follows."""

    line: int
    text: str
    end: int
    task: bool = False
    body: bool = False


_MARKER = re.compile(r"([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(\[[ xX]\][ \t]+)?(\S.*)")
_MAX_DEPTH = 12  # deeper nesting is read as the answer text of its parent


def _list_of_questions(ctx: _Context, entries: list[_Entry], framed: bool, section: str, depth: int) -> bool:
    """Items for the entries that ask something; a question whose sub-entries are all questions is asked
    without an answer and its sub-questions follow (a question bank), any other sub-entries are its answer;
    a topic entry ("Regularization") may hold questions below it."""
    asking = sum(1 for e in entries if asks(strip_markup(e.text.split("\n", 1)[0])))
    mostly = len(entries) >= 2 and asking * 2 >= len(entries)
    found = False
    for entry in entries:
        if _ANCHOR_ONLY.fullmatch(entry.text.strip()):
            continue  # "[What is X?](#what-is-x)": a table of contents pointing at the question, not one
        question, n = _entry_question(ctx, entry, framed, mostly, depth)
        kids = _sub_entries(ctx.lines, entry.line + entry.text.count("\n") + 1, entry.end) if depth < _MAX_DEPTH else []
        if question is not None and kids and _all_questions(ctx, kids, framed):
            _add_item(ctx, question, entry.line + n, entry.line + 1, entry.line, section=section, shape="list")
            _list_of_questions(ctx, kids, framed, section, depth + 1)
            found = True
        elif question is not None:
            _add_list_item(ctx, question, entry.line + n, entry.end, section)
            found = True
        elif kids:
            found |= _list_of_questions(ctx, kids, framed, section, depth + 1)
    return found


def _all_questions(ctx: _Context, kids: list[_Entry], framed: bool) -> bool:
    asking = sum(1 for e in kids if asks(strip_markup(e.text)))
    mostly = len(kids) >= 2 and asking * 2 >= len(kids)
    return all(_entry_question(ctx, kid, framed, mostly, 1)[0] is not None for kid in kids)


def _entry_question(ctx: _Context, entry: _Entry, framed: bool, mostly: bool, depth: int = 0) -> tuple[str | None, int]:
    """(question, row of the lead it is on). Beyond what asks anywhere ("…?"), an imperative is a question in
    a list that mostly asks, in a document whose top-level list entries are its questions (answered under
    them), or — "Tell me about…", "Describe a time…" — in a document of question lists. Nested entries under a
    topic are steps and notes more often than questions: there only what asks, or a list that mostly asks."""
    rows = entry.text.split("\n")
    relaxed = ctx.evidence.relaxed("list") and depth == 0
    for n, row in enumerate(rows):
        row = re.sub(r"^\[[ xX]\][ \t]+", "", row) if entry.task else row
        question = question_from_line(row, framed=framed)
        if question is not None:
            return question, n
        if n == 0:
            plain = clean_question(row)
            if (mostly or (relaxed and entry.body)) and reads_as_prompt(row):
                return plain, 0
            if relaxed and entry.body and asks(plain) and len(plain.split()) >= 3:
                return plain, 0  # "Offline metrics look great, online is flat. Why?"
            if (relaxed or (ctx.evidence.relaxed("list_bare") and depth == 0)) and is_prompt(plain):
                return plain, 0
    return None, 0


def _sub_entries(lines: list[str], start: int, end: int) -> list[_Entry]:
    """The entries one level below, read from the 1-based lines [start, end] (fenced code skipped)."""
    marks: list[tuple[int, int, str, bool]] = []
    fence = ""
    for n in range(start, end + 1):
        line = lines[n - 1]
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = "" if fence and stripped.startswith(fence) else (fence or stripped[:3])
            continue
        if fence or not stripped:
            continue
        match = _MARKER.match(line[:2000])
        if match:
            marks.append((n, len(match.group(1).expandtabs(4)), match.group(3), bool(match.group(2))))
    if not marks:
        return []
    base = min(indent for _, indent, _, _ in marks)
    tops = [m for m in marks if m[1] == base]
    kids = []
    for k, (n, _, text, task) in enumerate(tops):
        last = tops[k + 1][0] - 1 if k + 1 < len(tops) else end
        while last > n and not lines[last - 1].strip():
            last -= 1
        kids.append(_Entry(n, text, last, task, body=last > n))
    return kids


def _add_list_item(ctx: _Context, question: str, line: int, end: int, section: str) -> None:
    question, inline = split_inline_answer(question)
    _add_item(ctx, question, line, line + 1, end, section=section, shape="list")
    if inline:
        _replace_first_answer_line(ctx.items[-1], inline)
        ctx.items[-1].answer_lines = (line, ctx.items[-1].answer_lines[1] if ctx.items[-1].answer_lines else line)


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
    if q_col is None:  # "Interview Question", "Questions asked"
        q_col = next((k for k, h in enumerate(header) if _NAMES_QUESTION.search(h) and "answer" not in h), None)
    a_col = next((k for k, h in enumerate(header) if k != q_col and _NAMES_ANSWER.search(h)), None)
    if a_col is None:
        a_col = next((k for k, h in enumerate(header) if h.startswith(("a", "answer"))), None)
    if q_col is None and ctx.evidence.forced == "table" and len(header) >= 2:
        q_col, a_col = 0, 1  # the user says this table holds questions: first column asks, the next answers
    if q_col is None:
        return
    rows = [(line, cells) for line, cells in block.rows[1:] if q_col < len(cells)]
    if sum(1 for _, cells in rows if _ANCHOR_ONLY.fullmatch(cells[q_col].strip())) * 2 > len(rows):
        return  # "[What is X?](#what-is-x)" rows: the table of contents of the questions below, not them
    worded = [r for r in rows if len(_WORD.findall(strip_markup(r[1][q_col]))) >= 2]
    if len(worded) * 2 < len(rows):
        return  # a "Questions" column of numbers ("1--3, 11") indexes questions, it does not ask them
    path, section = ctx.heading_path(), _section(ctx)  # the same for every row
    for line, cells in worded:
        question = clean_question(cells[q_col])
        if not question:
            continue
        answer = cells[a_col].strip() if a_col is not None and a_col < len(cells) else ""
        if _LINK_ONLY.fullmatch(answer) or is_placeholder(answer):
            answer = ""  # "[Answer](QA_1.md)": the answer lives in another file, this table is its index
        item = ParsedItem(question, answer, line, line, list(path))
        item.answer_lines = (line, line) if answer else None
        item.section_hint = section
        item.shape = "table"
        ctx.items.append(item)
    ctx.claimed.add(i)


def _details(ctx: _Context, i: int) -> int:
    block = ctx.blocks[i]
    match = _SUMMARY.search(block.text)
    if not match:
        return i + 1
    question = clean_question(match.group(1))
    end = i
    while end < len(ctx.blocks) and "</details>" not in ctx.blocks[end].text.lower():
        end += 1
    end = min(end, len(ctx.blocks) - 1)
    if not asks(question) and _asks_inside(ctx, i + 1, end):
        _summary_as_section(ctx, block, match)  # "<summary><h3>Detection</h3></summary>" over question headings
        return i + 1
    summary_line = block.line_start + block.text[: match.start()].count("\n")
    line, body_start = summary_line, summary_line + 1
    asked = _asked_after_label(ctx, match.group(1), i + 1, end)
    if asked is not None:  # "<summary>Question 3</summary>" + the question itself as the first paragraph
        question, line, body_start = asked, ctx.blocks[i + 1].line_start, ctx.blocks[i + 1].line_end + 1
    last = ctx.blocks[end].line_end
    _add_item(ctx, question, line, body_start, last, section=_section(ctx), shape="details")
    item = ctx.items[-1]
    item.answer = _DETAILS_TAG.sub("", item.answer).strip()
    ctx.claimed.update(range(i, end + 1))
    return end + 1


def _asked_after_label(ctx: _Context, summary: str, nxt: int, end: int) -> str | None:
    """The question in the paragraph under a summary that only numbers it ("Question 3", "Q3")."""
    label = strip_leading_symbols(strip_markup(summary))
    if not _NUMBER_LABEL.fullmatch(label):
        return None  # "Question 3: What is X?" asks in the summary itself
    if nxt >= end or ctx.blocks[nxt].kind != "paragraph":
        return None
    text = clean_question(ctx.blocks[nxt].text)
    return text if text and (asks(text) or reads_as_prompt(text)) else None


def _asks_inside(ctx: _Context, start: int, end: int) -> bool:
    """Whether blocks [start, end) hold questions of their own: question headings, or bold/labelled question
    paragraphs. Then a <details> folds a topic, and its summary names the topic rather than asking."""
    relaxed = ctx.evidence.relaxed("bold")
    for block in ctx.blocks[start:end]:
        if block.kind == "heading" and question_from_heading(block.text) is not None:
            return True
        if block.kind == "paragraph" and is_strong_question_line(block.text[:600].split("\n", 1)[0], relaxed):
            return True
    return False


def _summary_as_section(ctx: _Context, block: Block, match: re.Match[str]) -> None:
    """The summary heads the questions below it, at its own heading level (<h3> in the summary) or one below
    the section it sits in."""
    level = re.search(r"<h([1-6])\b", match.group(1), re.IGNORECASE)
    depth = int(level.group(1)) if level else (ctx.path[-1][0] + 1 if ctx.path else 1)
    title = strip_markup(match.group(1)).strip()
    ctx.push_heading(Block("heading", block.line_start, block.line_end, title, level=depth), is_question=False)
    ctx.folds_topics = True


# --- shared --------------------------------------------------------------------------------------------------


def _section(ctx: _Context) -> str:
    path = ctx.heading_path()
    return path[-1] if path else ""


def _add_item(
    ctx: _Context, question: str, line: int, body_start: int, body_end: int, section: str, shape: str = ""
) -> None:
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
    item.shape = shape
    if _ASK_SECTION.search(" / ".join(ctx.heading_path() + [section])):
        item.kind = "ask_interviewer"
        item.note, item.answer, item.answer_lines = item.answer, "", None
    ctx.items.append(item)
