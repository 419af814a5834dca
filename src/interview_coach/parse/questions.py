"""Is this heading or line a question? If so, the question as written, without markup, numbering or "Q:"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INTERROGATIVE = (
    "what|what's|whats|how|why|when|where|which|who|whom|whose|can|could|would|should|do|does|did|is|are|was|"
    "were|have|has|will|shall|may|might|in what|tell me|walk me|walk us|take me|talk me|talk about|describe|"
    "explain|give|compare|contrast|design|discuss|implement|write|derive|define|list|name|suppose|imagine|"
    "you're|you are|you have|you've|say|assume|share"
)
_STARTS_INTERROGATIVE = re.compile(rf"^(?:{_INTERROGATIVE})\b", re.IGNORECASE)
# An imperative prompt needs an object ("Design a system", "Tell me about"): "Design Decision Stories" is a title.
_PROMPT_VERBS = "tell|walk|describe|explain|give|compare|contrast|design|discuss|implement|write|derive|define|talk"
_IMPERATIVE_PROMPT = re.compile(
    rf"^(?:{_PROMPT_VERBS})\s+(?:me|us|a|an|the|your|you|how|what|why|when|which|each|this|these|that|those|"
    r"some|one|two|three|about|through|between|in|on|of|it|them|any|time|situation|example|approach)\b",
    re.IGNORECASE,
)
_PROMPT_START = re.compile(rf"^(?:{_PROMPT_VERBS})\s+\w", re.IGNORECASE)
_Q_PREFIX = re.compile(r"^Q\s*\d*\s*[:.\-–—)](?:\d{1,4}[:.)]?)?\s*", re.IGNORECASE)  # Q:, Q1., Q.1
_QUESTION_N = re.compile(r"^Question\s*#?\s*\d+\s*[:.\-–—)]?\s*", re.IGNORECASE)
_NUMBERING = re.compile(r"^(?:\(?\d{1,3}[.)]|\d{1,3}\s*[-–—:]|#\d+[.:]?)\s+")
_LEADING_SYMBOLS = re.compile(r"^[^\w\"“'‘(\[*_`]+", re.UNICODE)
_SECTION_WORDS = re.compile(
    r"\b(questions|prompts|q\s*&\s*a|qs|faq|interview|practice|scenarios|discussion|ask)\b", re.IGNORECASE
)
_QUOTES = "\"“”'‘’"


# Each pattern stops at the next opening character or after a bounded span, so a long run of "[", "<" or "*"
# costs linear time (a 100 KB line of "<" used to take a minute); longer spans stay as written.
_IMAGE = re.compile(r"!\[([^\[\]\n]{0,500})\]\([^()\n]{0,2000}\)")
# Link text may hold one bracketed part ("[[src]](url)"): the alternatives start differently, so still linear.
_LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]{0,100}\]){1,500})\]\([^()\n]{0,2000}\)")
_TAG = re.compile(r"<[^<>\n]{1,500}>")
_STRONG = re.compile(r"(\*\*|__)(.{1,500}?)\1")
# The span holds no mark of its own kind, so each try stops at the next one: "_a _a _a …" (no closer) is linear,
# where ".{1,500}?" read 500 characters after every "_" (a 300 KB line took 7 s).
_EMPHASIS = re.compile(r"(?<![\w*])(?:\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*|_(?=\S)([^_\n]{1,500}?)(?<=\S)_)(?![\w*])")
_MARKUP_CHARS = re.compile(r"[\[<*_`\\]")


def _emphasised(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)


def strip_markup(text: str) -> str:
    """Inline markdown → plain text (emphasis, code, links, html tags), whitespace collapsed."""
    # The same heading or line is stripped by several stages: short texts are remembered (bounded memory).
    return _strip_markup_short(text) if len(text) <= _CACHED_CHARS else _strip_markup(text)


_CACHED_CHARS = 300


@lru_cache(maxsize=8192)
def _strip_markup_short(text: str) -> str:
    return _strip_markup(text)


def _strip_markup(text: str) -> str:
    if _MARKUP_CHARS.search(text):  # most lines have no markup: skip the substitutions for them
        text = _IMAGE.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
        text = _TAG.sub("", text)
        text = _STRONG.sub(r"\2", text)
        text = _EMPHASIS.sub(_emphasised, text)
        text = text.replace("`", "").replace("\\", "")
    return " ".join(text.split())  # what re.sub(r"\s+", " ", text).strip() gives (the same whitespace), faster


def strip_leading_symbols(text: str) -> str:
    return _LEADING_SYMBOLS.sub("", text).strip()


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        return text[1:-1].strip()
    if text and text[0] in '"“' and text.count(text[0]) == 1 and "”" not in text:
        return text[1:].strip()  # an opening quote whose closing one got lost
    return text.rstrip('"”').strip() if text.endswith(("”", '"')) and text.count('"') == 1 else text


def clean_question(text: str) -> str:
    """The question as written: markup, numbering, emoji, tags ("[E]", "[Google]", trailing "⭐" or "[src]")
    and Q:/Question N: prefixes removed."""
    text = strip_leading_symbols(strip_markup(text))
    if text[:1] in "QqFf":  # the prefix patterns only run where they can match (clean_question is hot)
        text = _Q_PREFIX.sub("", text)
        text = _QUESTION_LABEL.sub("", text)
    if text[:1].isdigit() or text[:1] in "(#":
        text = _NUMBERING.sub("", text)
    if text[:1] == "[":
        text = _LEADING_TAGS.sub("", text)
    text = strip_leading_symbols(unquote(text))
    return strip_trailing_symbols(unquote(text)).strip()


# "[E] What is…", "[Google] Design…": bracketed tags before the question (a link has become its text by now).
_LEADING_TAGS = re.compile(r"^(?:\[[^\[\]\s]{1,12}\][ \t]*)+")
_QUESTION_LABEL = re.compile(r"^(?:Question\s*(?:#?\s*\d{1,4}\s*)?[:.\-–—]|Front\s*:(?!:))\s*", re.IGNORECASE)
# "… [src]", "… (Easy)", "… [H]" after the question mark: a citation or a difficulty tag, not the question.
_TRAILING_TAG = re.compile(
    r"(?<=[?.!)])[ \t]*(?:\[[^\[\]]{1,30}\]|\((?:easy|medium|hard|e|m|h)\))[ \t]*$", re.IGNORECASE
)


def strip_trailing_symbols(text: str) -> str:
    """Emoji, stars and arrows after the question ("…help? 🚀", "…forest? ⭐"), and trailing tags."""
    end = len(text)
    while end and (text[end - 1].isspace() or unicodedata.category(text[end - 1]) in ("So", "Sk", "Cf", "Mn", "Co")):
        end -= 1
    text = text[:end]
    if text[-1:] in ("]", ")"):
        text = _DIFFICULTY_TAG.sub("", _TRAILING_TAG.sub("", text))
    if "#" in text[-40:]:
        text = _HASHTAGS.sub("", text)
    return text


# "What is gradient clipping? #card #ml": an outliner's or a flashcard plugin's tags, not the question.
_HASHTAGS = re.compile(r"(?:[ \t]+#[^\W\d_][\w/-]{0,40})+[ \t]*$")


# "Reverse a linked list [Easy]": a difficulty tag marks a practice problem, whatever ends its title.
_DIFFICULTY_TAG = re.compile(r"[ \t]*(?:\[(?:easy|medium|hard)\]|\((?:easy|medium|hard)\))[ \t]*$", re.IGNORECASE)


def asks(text: str) -> bool:
    """Ends like a question, once trailing emoji and tags are dropped."""
    if "?" not in text:
        return False
    return strip_trailing_symbols(text).rstrip(_QUOTES + " *_").endswith("?")


_COMPARISON = re.compile(r"\S\s+(?:vs\.?|versus)\s+\S", re.IGNORECASE)


def reads_as_prompt(text: str) -> bool:
    """Question-like without a "?": an interrogative or imperative opener (Explain…, Describe…, How…), or an
    "X vs Y" comparison. Weak evidence alone; enough where the document already marks questions this way."""
    tagged = text[-1:] in ("]", ")") and _DIFFICULTY_TAG.search(text) is not None
    text = clean_question(text)
    if len(text.split()) < 2 or names_questions(text):
        return False
    return tagged or bool(
        _PROMPT_START.match(text)
        or _TASK_START.match(text)
        or _AUX_OPENER.match(text)
        or _WH_AUX.match(text)
        or _COMPARISON.search(text)
    )


def reads_as_exam_prompt(text: str) -> bool:
    """A prompt that addresses someone being examined, as evidence that a shape marks a document's questions:
    a practice problem's difficulty tag, "Explain…", "Compare…", a wh-question without its "?", "X vs Y". Task
    verbs ("Create…", "Build…", "Find…") are not: they are a tutorial's steps as often as exercises."""
    tagged = text[-1:] in ("]", ")") and _DIFFICULTY_TAG.search(text) is not None
    text = clean_question(text)
    if len(text.split()) < 2 or names_questions(text):
        return False
    return tagged or bool(_PROMPT_START.match(text) or _WH_AUX.match(text) or _COMPARISON.search(text))


# Where the document's shape already marks questions: a task ("List the variants of RNN.", "Given a stride S,
# create a function…") or a wh-question without its "?" ("What is an autoencoder, name applications.").
_TASK_START = re.compile(
    r"^(?:list|name|create|build|reverse|find|compute|calculate|prove|show|state|outline|summari[sz]e|identify|"
    r"sketch|draw|estimate|given|suppose|imagine|assume|consider)\s+\w",
    re.IGNORECASE,
)
_WH_AUX = re.compile(
    r"^(?:what|how|why|when|where|who)(?:['’]s|\s+(?:is|are|was|were|does|do|did|can|could|would|should|"
    r"will|has|have|might|may))\b",
    re.IGNORECASE,
)


# "Would adding more data help", "Is dropout a regulariser": an inverted auxiliary asks even without "?";
# "What to look for…", "How I choose…" are titles.
_AUX_OPENER = re.compile(
    r"^(?:is|are|does|do|did|can|could|would|should|will|has|have)\s+(?:a|an|the|it|this|that|there|you|we|"
    r"adding|using|more|[a-z]+ing)\b",
    re.IGNORECASE,
)


_BOLD_LEAD = re.compile(r"(\*\*|__)(?=\S)(.{1,400}?)(?<=\S)\1")


def bold_lead(line: str) -> tuple[str, str] | None:
    """ "**What is X?** It is…" → ("What is X?", "It is…"); None when the line does not open with bold."""
    stripped = line.strip()
    match = _BOLD_LEAD.match(stripped)
    if not match:
        return None
    return match.group(2).strip(), stripped[match.end() :].strip()


def is_interrogative(text: str) -> bool:
    """Starts like a question or a prompt ("How…", "Tell me about…"), or "Label: How…"."""
    if _STARTS_INTERROGATIVE.match(text):
        return True
    label, sep, rest = text.partition(": ")
    return bool(sep) and len(label.split()) <= 6 and bool(_STARTS_INTERROGATIVE.match(rest.strip()))


def is_prompt(text: str) -> bool:
    return bool(_IMPERATIVE_PROMPT.match(text))


def names_questions(label: str) -> bool:
    """A heading or label that frames what follows as questions or prompts ("Other Questions:")."""
    return bool(_SECTION_WORDS.search(label))


def question_from_heading(raw: str, relaxed: bool = False) -> str | None:
    """The question a heading asks; `relaxed` where the document's headings at this level are questions, so an
    imperative or comparison without "?" ("Explain gradient boosting", "Bagging vs boosting") counts too."""
    plain = strip_leading_symbols(strip_markup(raw))
    if not plain:
        return None
    if _Q_PREFIX.match(plain):
        rest = clean_question(plain)
        return rest or None
    if _QUESTION_N.match(plain):
        return _QUESTION_N.sub("", plain).strip() or plain
    text = clean_question(plain)
    if not text or len(text.split()) < 2:
        return None
    if text.endswith("?"):
        return text
    if is_prompt(text) and not names_questions(text):
        return text
    if relaxed and reads_as_prompt(plain):
        return text
    return None


def is_question_n_heading(raw: str) -> bool:
    return bool(_QUESTION_N.match(strip_leading_symbols(strip_markup(raw))))


def question_from_line(raw: str, framed: bool) -> str | None:
    """A list entry or paragraph line that asks something; `framed` when its section says it holds questions."""
    plain = strip_leading_symbols(strip_markup(raw))
    if not plain or plain.startswith(("[ ]", "[x]", "[X]")):
        return None
    if _Q_PREFIX.match(plain) and not plain.lower().startswith(("q&a", "q & a")):
        question = clean_question(plain)
        return question if len(question.split()) >= 2 else None
    text = clean_question(plain)
    if len(text.split()) < 3:
        return None
    quoted = plain[0] in _QUOTES
    asked, _ = split_inline_answer(text)
    if len(asked.split()) < 2:
        return None  # "why? it is likely that…": an answer that opens with the question it answers
    if "?" in asked and not asked.endswith("?"):  # "…sparse? Draw it.": asked up to its question mark
        asked = asked[: asked.rfind("?") + 1]
    if asked.endswith("?") and (framed or quoted or is_interrogative(asked)):
        return text
    if quoted and (is_prompt(text) or is_interrogative(text)):
        return text
    if framed and (is_prompt(text) or _PROMPT_START.match(text)):
        return text
    return None


# "…sparse solutions? Draw it." / "…leakage? Give two examples.": the question goes on with an instruction.
_GOES_ON_ASKING = re.compile(
    r"(?:draw|give|name|list|sketch|show|prove|estimate|explain|describe|compare|discuss|derive|justify|"
    r"bonus|follow[- ]up|hint)\b",
    re.IGNORECASE,
)


def split_inline_answer(text: str) -> tuple[str, str]:
    """ "How to X? Do Y and Z." → ("How to X?", "Do Y and Z."); questions that continue stay whole."""
    cut = text.rfind("?")
    if cut <= 0:
        return text, ""
    question, rest = text[: cut + 1].strip(), text[cut + 1 :].strip()
    if len(rest.split()) < 2 or _GOES_ON_ASKING.match(rest):
        return text.strip(), ""
    return question, rest


_LABELLED = re.compile(
    r"(?:\*\*|__)?\s?(?:Q\s?\d{0,4}\s?[:.\-–)]|Interviewer\s?:|Front\s?:(?!:)|"
    r"Question\s?(?:#?\s?\d{1,4}\s?)?(?:\*\*|__)?\s?:)",
    re.I,
)


def is_labelled(raw: str) -> bool:
    """Opens with a question label: Q:, Q1., Question:, Interviewer:."""
    return bool(_LABELLED.match(raw.strip()[:200]))


def is_strong_question_line(raw: str, relaxed: bool = False) -> bool:
    """Lines that open a question wherever they stand: **Q: …**, Q: …, Question: …, **Interviewer:**, **“…?”**,
    a bold question with its answer after it ("**What is X?** It is…"). `relaxed` where the document marks its
    questions in bold: a bold imperative ("**Explain beam search**") opens one too."""
    stripped = raw.strip()[:600]
    if _LABELLED.match(stripped):
        return True
    lead = bold_lead(stripped)
    if lead is None:
        return False
    inner, rest = strip_markup(lead[0]), lead[1]
    if rest and not asks(inner):  # "**Bias** is…", "**Note:** …": a run-in label, not a question
        return relaxed and not rest.startswith((":", "(")) and inner.endswith(".") and reads_as_prompt(inner)
    if asks(inner):
        return True
    if inner[:1] in _QUOTES and (is_interrogative(unquote(inner)) or is_prompt(unquote(inner))):
        return True
    inner = strip_trailing_symbols(inner)
    return relaxed and reads_as_prompt(inner) and not inner.endswith((":", "!"))


_INTERVIEWER = re.compile(r"(\*\*|__)?\s?Interviewer\s?:\s?(\*\*|__)?\s*(.+)$", re.IGNORECASE)


def interviewer_question(raw: str) -> str | None:
    match = _INTERVIEWER.match(raw.strip()[:2000])
    return clean_question(match.group(3)) if match else None
