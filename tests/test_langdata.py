"""The language files: every one has every concept, bad edits fail loudly, and the phrase
syntax means what the README says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from carta import core
from carta.core.langdata import (
    LANG_DIR,
    LANGUAGES,
    LangDataError,
    Lexicon,
    alternation,
    default_lexicon,
    uz_latn_to_cyrl,
)


def test_every_language_file_loads_with_every_concept() -> None:
    lex = default_lexicon()
    assert set(lex.languages) == set(LANGUAGES)
    for code, lang in lex.languages.items():
        assert set(lang.values) == set(lex.concepts), code


def test_every_concept_is_read_by_the_extractor() -> None:
    """A concept no code reads would let a linguist's edit change nothing, silently."""
    readers = [*(LANG_DIR.parent.parent).glob("*.py"), *Path(core.__file__).parent.glob("*.py")]
    code = "\n".join(p.read_text(encoding="utf-8") for p in readers)
    unread = [name for name in default_lexicon().concepts if f'"{name}"' not in code]
    assert not unread, f"concepts in concepts.toml that no module reads: {unread}"


def test_report_what_each_language_lacks(capsys: pytest.CaptureFixture[str]) -> None:
    """Not a floor: a list for whoever improves a language (run with -s to read it)."""
    lacking = default_lexicon().lacking()
    with capsys.disabled():
        print()
        for code, missing in lacking.items():
            print(f"{code}: {len(missing)} empty: {', '.join(missing)}")
    # English and Russian are read fully: each of their gaps is a decision, listed here.
    assert len(lacking["en"]) < 40 and len(lacking["ru"]) < 40


def _copy_langs(tmp_path: Path) -> Path:
    dst = tmp_path / "lang"
    shutil.copytree(LANG_DIR, dst, ignore=shutil.ignore_patterns("examples"))
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_key_names_file_and_key(tmp_path: Path) -> None:
    d = _copy_langs(tmp_path)
    _edit(d / "kk.toml", 'talks = ["келіссөз*"]\n', "")
    with pytest.raises(LangDataError, match=r"kk\.toml: missing keys \['event\.talks'\]"):
        Lexicon(d)


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    d = _copy_langs(tmp_path)
    _edit(d / "tk.toml", "[event]\n", '[event]\ntalkz = ["gepleşik*"]\n')
    with pytest.raises(LangDataError, match=r"tk\.toml: unknown key 'event\.talkz'"):
        Lexicon(d)


def test_upper_case_and_bad_regex_are_refused(tmp_path: Path) -> None:
    d = _copy_langs(tmp_path)
    _edit(d / "en.toml", 'talks = ["talks",', 'talks = ["Talks",')
    with pytest.raises(LangDataError, match=r"en\.toml: event\.talks: 'Talks' has upper-case"):
        Lexicon(d)
    d2 = _copy_langs(tmp_path / "b")
    _edit(d2 / "ru.toml", 'talks = ["переговор*"]', 'talks = ["re:переговор(("]')
    with pytest.raises(LangDataError, match=r"ru\.toml: event\.talks: .* does not compile"):
        Lexicon(d2)


def test_numbered_table_must_be_complete(tmp_path: Path) -> None:
    d = _copy_langs(tmp_path)
    _edit(d / "uz.toml", '12 = ["dekabr*"]\n', "")
    with pytest.raises(LangDataError, match=r"uz\.toml: time\.months: missing entries \['12'\]"):
        Lexicon(d)


def test_phrase_syntax() -> None:
    def matches(phrase: str, text: str) -> list[str]:
        return [m.group(0) for m in re.finditer(alternation([phrase]), text)]

    assert matches("talks", "talks, talkshow, peace talks") == ["talks", "talks"]
    assert matches("встреч*", "встреча и встречей, но не превстреча") == ["встреча", "встречей"]
    assert matches("took place", "it took  place") == ["took  place"]
    assert matches("by 20##", "by 2030") == ["by 2030"]
    assert matches("re:(?<!be )held", "was held, to be held") == ["held"]


def test_uzbek_latin_is_also_matched_in_cyrillic() -> None:
    assert uz_latn_to_cyrl("bo'lib o'tdi") == "бўлиб ўтди"
    assert uz_latn_to_cyrl("markaziy osiyo") == "марказий осиё"
    assert uz_latn_to_cyrl("elchilari") == "элчилари"
    meeting = default_lexicon().pattern("event.meeting")
    assert meeting.search("учрашуви бўлиб ўтди") and meeting.search("uchrashuvi bo'lib o'tdi")
