"""Repair mojibake: UTF-8 text that was once decoded as cp1252 or Mac Roman and saved again.

ftfy does the heavy lifting. It is deliberately conservative, so two kinds of damage survive it and are
handled here, one run of suspicious characters at a time:

* Mac Roman mojibake ("‚Üí" for "→"), which ftfy leaves alone when a document mixes it with clean text;
* lossy cp1252 mojibake: bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D have no cp1252 character, so the tool that
  produced the mojibake dropped them ("â€" for "”", "ï¸" for the emoji variation selector). We restore the one
  missing byte when exactly one candidate yields a plausible character.

The repair never adds or removes a line break, so line numbers stay those of the file on disk.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

# Bytes that cp1252 leaves undefined; they vanish when UTF-8 is round-tripped through cp1252.
_LOST_BYTES = (0x81, 0x9D, 0x8F, 0x8D, 0x90)
_VARIATION_SELECTOR_16 = "\ufe0f"
# Characters of technical notes whose UTF-8 holds one of those bytes; preferred when a restore is ambiguous.
_COMMON_LOST = frozenset("”❌🔍👍🌐🏆📝ρℝ𝔼₁←⇐∏∝ÁÍÏÐÝ" + _VARIATION_SELECTOR_16)


def _high_chars(codec: str) -> str:
    chars = []
    for byte in range(0x80, 0x100):
        try:
            chars.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            continue
    return "".join(chars)


_CP1252_HIGH = _high_chars("cp1252")
_MAC_HIGH = _high_chars("mac_roman")
# A "?" right after a run may stand for the byte the mojibake lost ("â€?" for "”").
_CP1252_RUN = re.compile("[" + re.escape(_CP1252_HIGH) + "]+\\??")
_MAC_RUN = re.compile("[" + re.escape(_MAC_HIGH) + "]+")
# Markers that only occur in mojibake: a lead byte's character followed by a continuation byte's character.
_CONTINUATION = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CP1252_EVIDENCE = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
_MIN_EVIDENCE = 3
_STRONG_MOJIBAKE = re.compile("(â€|Ã[\u0080-\u00bf]|ðŸ|Ã¢)")
_MAC_EVIDENCE = re.compile("(\uf8ffü|‚Ä|‚Ü|√[©®†ß≠ºº]|‚Ç)")


@dataclass(frozen=True)
class Repair:
    text: str
    fixes: int


def repair_text(text: str) -> Repair:
    """Return the text with mojibake repaired and line endings normalised to LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fixed, fixes = text, 0
    # Run by run first, where we can keep spaces and recover dropped bytes; ftfy then cleans the rest.
    # Only documents with unmistakable mojibake get the run pass, so clean text is never touched.
    if _MAC_EVIDENCE.search(fixed):
        fixed, count = _repair_runs(fixed, _MAC_RUN, "mac_roman", allow_lost_byte=False)
        fixes += count
    if len(_CP1252_EVIDENCE.findall(fixed)) >= _MIN_EVIDENCE:
        fixed, count = _repair_runs(fixed, _CP1252_RUN, "cp1252", allow_lost_byte=True)
        fixes += count
    cleaned = _ftfy_non_ascii_lines(fixed)
    fixes += cleaned != fixed
    if cleaned.count("\n") != text.count("\n"):  # never trade line numbers for a repair
        return Repair(text, 0)
    return Repair(cleaned, fixes)


def _ftfy_non_ascii_lines(text: str) -> str:
    """ftfy line by line, skipping pure-ASCII lines (they cannot hold mojibake) to keep big imports fast."""
    if text.isascii():
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if not line.isascii():
            lines[n] = ftfy.fix_text(
                line, uncurl_quotes=False, unescape_html=False, fix_line_breaks=False, normalization="NFC"
            )
    return "\n".join(lines)


def has_mojibake(text: str) -> bool:
    return bool(_STRONG_MOJIBAKE.search(text) or _MAC_EVIDENCE.search(text))


def _repair_runs(text: str, pattern: re.Pattern[str], codec: str, allow_lost_byte: bool) -> tuple[str, int]:
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        run = match.group(0)
        decoded = _decode_run(run.encode(codec), allow_lost_byte)
        if decoded is None or decoded == run or "\n" in decoded:
            return run
        count += 1
        return decoded

    return pattern.sub(fix, text), count


def _decode_run(data: bytes, allow_lost_byte: bool) -> str | None:
    """Decode bytes as UTF-8, restoring at most one dropped byte per character when allowed."""
    out: list[str] = []
    i = 0
    while i < len(data):
        if data[i] == 0x3F:  # a "?" that did not stand for a lost byte
            out.append("?")
            i += 1
            continue
        length = _utf8_length(data[i])
        if length == 0:
            return None
        char = _strict_char(data[i : i + length])
        if char is not None:
            out.append(char)
            i += length
            continue
        partial = data[i : i + length - 1]
        restored = _restore_lost_byte(partial) if allow_lost_byte and b"?" not in partial else None
        if restored is None:
            return None
        out.append(restored)
        i += length - 1
        if data[i : i + 1] == b"?":
            i += 1
    return "".join(out)


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _strict_char(chunk: bytes) -> str | None:
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _restore_lost_byte(partial: bytes) -> str | None:
    """Try each dropped byte at each position of an incomplete sequence; keep the most plausible character."""
    # Preference: a common character, then the byte lost at the end, then the likeliest category.
    candidates: list[tuple[bool, int, int, int, str]] = []
    for position in range(1, len(partial) + 1):
        for order, lost in enumerate(_LOST_BYTES):
            char = _strict_char(partial[:position] + bytes([lost]) + partial[position:])
            rank = _plausibility(char) if char is not None else None
            if char is not None and rank is not None:
                candidates.append((char not in _COMMON_LOST, -position, rank, order, char))
    return min(candidates)[4] if candidates else None


def _plausibility(char: str) -> int | None:
    """Lower is likelier. Letters beat digits and punctuation beat symbols; invisible or CJK characters never win."""
    if char == _VARIATION_SELECTOR_16:
        return -1
    category = unicodedata.category(char)
    if category in ("Lu", "Ll", "Lt"):
        return 0
    if category[0] in ("N", "P") or category == "Lm":
        return 1
    if category[0] == "S":
        return 2
    return None
