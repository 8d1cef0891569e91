"""The word classes of the cue lexicon: a misspelt class name fails loudly, and the code
and data/quote_words.tsv name the same classes."""

import re
from pathlib import Path

import pytest

from khabar.frames.lexicon import SURFACE_KINDS, UnknownWordClass, cue_lexicon
from khabar.quotes.speakers import HONORIFIC_KINDS, SPEAKING_CLASSES

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted((ROOT / "khabar" / "frames").glob("*.py")) + sorted((ROOT / "khabar" / "quotes").glob("*.py"))
# has("kind", …), words["kind"], exact["kind"]
_NAMED = re.compile(r"""(?:has\(|words\[|exact\[)\s*"([a-z_]+)\"""")


def _named_in_code() -> set[str]:
    names = {m.group(1) for path in CODE for m in _NAMED.finditer(path.read_text(encoding="utf-8"))}
    # classes named through HONORIFIC_KINDS (honorific_pronoun_prince, prince_title …) and
    # SPEAKING_CLASSES (the heads of a phrase that can speak)
    by_name = {f"honorific_pronoun_{k}" for k in HONORIFIC_KINDS} | {f"{k}_title" for k in HONORIFIC_KINDS}
    return names | by_name | set(SPEAKING_CLASSES)


def test_quotes_lexicon_unknown_class_raises():
    lex = cue_lexicon()
    assert lex.has("complementizer", "أن")
    with pytest.raises(UnknownWordClass, match="complementiser.*complementizer"):
        lex.has("complementiser", "أن")  # misspelt: an error, not False
    with pytest.raises(UnknownWordClass):
        _ = lex.words["np_boundry"]


def test_quotes_lexicon_exact_class_is_not_read_normalised():
    """بنت normalises to بنه: a letter-for-letter class read through has() would never match."""
    lex = cue_lexicon()
    assert "بنت" in lex.exact["lineage"]
    with pytest.raises(UnknownWordClass, match="letter for letter"):
        lex.has("lineage", "بنت")


def test_quotes_lexicon_code_and_data_name_the_same_classes():
    lex = cue_lexicon()
    in_data = set(lex.words) | set(lex.exact)
    in_code = _named_in_code()
    assert in_code - in_data == set(), "classes the code reads but the data does not define"
    assert in_data - in_code == set(), "classes in data/quote_words.tsv that no code reads"
    assert set(lex.exact) == SURFACE_KINDS
