from interview_coach.notes.repair import has_mojibake, repair_text


def garble_cp1252(text: str) -> str:
    """What a tool does when it reads UTF-8 as cp1252 and drops the bytes cp1252 cannot show."""
    data = text.encode("utf-8")
    return "".join(bytes([b]).decode("cp1252") for b in data if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


def garble_mac(text: str) -> str:
    return text.encode("utf-8").decode("mac_roman")


def test_cp1252_mojibake_is_repaired_including_dropped_bytes() -> None:
    original = "It’s “robust” — 🧠 drift ✅ → done, ρ and ℝ and 🔍 Search, 🛠️ tools\nnext line ❌ no"
    repaired = repair_text(garble_cp1252(original))
    assert repaired.text == original
    assert repaired.fixes > 0
    assert not has_mojibake(repaired.text)


def test_mac_roman_mojibake_is_repaired() -> None:
    original = "# 🎤 Interview Guide\nOpen UI → Show runs\nversions—it loads\n"
    assert repair_text(garble_mac(original)).text == original


def test_clean_text_is_left_alone() -> None:
    text = "Café naïve résumé — “quotes” → arrows, Ïota, Å, 50% faster, ¿qué? 日本語\n"
    assert repair_text(text).text == text
    assert repair_text(text).fixes == 0


def test_line_count_never_changes() -> None:
    text = garble_cp1252("a “b”\n\n🧠 c\r\nd\re\n")
    assert repair_text(text).text.count("\n") == text.replace("\r\n", "\n").replace("\r", "\n").count("\n")
