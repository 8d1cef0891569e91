"""The derived verb forms of Arabic (II-X) from a root: past, present, verbal noun
(masdar) and active participle, third person masculine singular, undotted by diacritics.

Form I is not derived (its present vowel and its masdar are the dictionary's business: the
lemma table lists them). The derived forms follow fixed patterns, with the usual changes
for weak roots: a hollow root (C2 و/ي: أدان يدين إدانة، استقال يستقيل استقالة), a defective
one (C3 و/ي: ألقى يلقي إلقاء، التقى يلتقي التقاء), a doubled one (C2 = C3: أقر يقر إقرار،
احتل يحتل احتلال), an assimilated one (C1 و: اتفق يتفق اتفاق، أوقف يوقف إيقاف) and the
Form VIII infix after emphatic and dental letters (اصطدم، ازدحم). Each pattern is checked
by tests/test_events_morphology.py against forms written out by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMS = ("II", "III", "IV", "V", "VI", "VII", "VIII", "X")
WEAK = frozenset("وي")
_EMPHATIC = frozenset("صضطظ")  # Form VIII: ت becomes ط (اصطدم)
_DENTAL = frozenset("دذز")  # Form VIII: ت becomes د (ازدحم)


class MorphologyError(ValueError):
    """A root or form the patterns do not cover; the message says which."""


@dataclass(frozen=True, slots=True)
class Verb:
    past: str
    present: str
    masdar: str
    participle: str


def derive(root: str, form: str) -> Verb:
    """The forms of ``root`` (three letters, ء for hamza) in verb form ``form`` (II-X)."""
    letters = root.replace(" ", "")
    if len(letters) != 3:
        raise MorphologyError(f"{root!r}: a root has three letters")
    if form not in FORMS:
        raise MorphologyError(f"{form!r}: derived forms are {', '.join(FORMS)} (Form I is listed in full)")
    c1, c2, c3 = letters[0], letters[1], letters[2]
    hollow = c2 in WEAK and c3 not in WEAK
    defective = c3 in WEAK
    doubled = c2 == c3
    return _PATTERNS[form](c1, c2, c3, hollow, defective, doubled)


def _ii(c1: str, c2: str, c3: str, hollow: bool, defective: bool, doubled: bool) -> Verb:
    if defective:  # سمّى يسمي تسمية
        return Verb(c1 + c2 + "ى", "ي" + c1 + c2 + "ي", "ت" + c1 + c2 + "ية", "م" + c1 + c2 + "ي")
    return Verb(c1 + c2 + c3, "ي" + c1 + c2 + c3, "ت" + c1 + c2 + "ي" + c3, "م" + c1 + c2 + c3)


def _iii(c1: str, c2: str, c3: str, hollow: bool, defective: bool, doubled: bool) -> Verb:
    if defective:  # قاضى يقاضي مقاضاة
        return Verb(
            c1 + "ا" + c2 + "ى", "ي" + c1 + "ا" + c2 + "ي", "م" + c1 + "ا" + c2 + "اة", "م" + c1 + "ا" + c2 + "ي"
        )
    stem = c1 + "ا" + c2 + c3  # هاجم؛ a hollow root keeps its و: حاور
    return Verb(stem, "ي" + stem, "م" + stem + "ة", "م" + stem)


def _iv(c1: str, c2: str, c3: str, hollow: bool, defective: bool, doubled: bool) -> Verb:
    if hollow:  # أدان يدين إدانة مدين
        return Verb("أ" + c1 + "ا" + c3, "ي" + c1 + "ي" + c3, "إ" + c1 + "ا" + c3 + "ة", "م" + c1 + "ي" + c3)
    if defective:  # ألقى يلقي إلقاء ملقي
        return Verb("أ" + c1 + c2 + "ى", "ي" + c1 + c2 + "ي", "إ" + c1 + c2 + "اء", "م" + c1 + c2 + "ي")
    if doubled:  # أقر يقر إقرار مقر
        return Verb("أ" + c1 + c2, "ي" + c1 + c2, "إ" + c1 + c2 + "ا" + c3, "م" + c1 + c2)
    if c1 == "و":  # أوقف يوقف إيقاف موقف
        return Verb("أو" + c2 + c3, "يو" + c2 + c3, "إي" + c2 + "ا" + c3, "مو" + c2 + c3)
    return Verb("أ" + c1 + c2 + c3, "ي" + c1 + c2 + c3, "إ" + c1 + c2 + "ا" + c3, "م" + c1 + c2 + c3)


def _v(c1: str, c2: str, c3: str, hollow: bool, defective: bool, doubled: bool) -> Verb:
    if defective:  # تحدى يتحدى تحدي متحدي
        return Verb("ت" + c1 + c2 + "ى", "يت" + c1 + c2 + "ى", "ت" + c1 + c2 + "ي", "مت" + c1 + c2 + "ي")
    stem = "ت" + c1 + c2 + c3  # تعهد يتعهد تعهد متعهد
    return Verb(stem, "ي" + stem, stem, "م" + stem)


def _vi(c1: str, c2: str, c3: str, hollow: bool, defective: bool, doubled: bool) -> Verb:
    if defective:  # تلاقى يتلاقى تلاقي
        stem = "ت" + c1 + "ا" + c2
        return Verb(stem + "ى", "ي" + stem + "ى", stem + "ي", "م" + stem + "ي")
    stem = "ت" + c1 + "ا" + c2 + c3  # تظاهر يتظاهر تظاهر متظاهر
    return Verb(stem, "ي" + stem, stem, "م" + stem)


def _vii(c1: str, c2: str, c3: str, hollow: bool, defective: bool, doubled: bool) -> Verb:
    if hollow:  # انقاد ينقاد انقياد
        return Verb("ان" + c1 + "ا" + c3, "ين" + c1 + "ا" + c3, "ان" + c1 + "يا" + c3, "من" + c1 + "ا" + c3)
    if defective:  # انطوى ينطوي انطواء
        return Verb("ان" + c1 + c2 + "ى", "ين" + c1 + c2 + "ي", "ان" + c1 + c2 + "اء", "من" + c1 + c2 + "ي")
    if doubled:  # انضم ينضم انضمام
        return Verb("ان" + c1 + c2, "ين" + c1 + c2, "ان" + c1 + c2 + "ا" + c3, "من" + c1 + c2)
    return Verb("ان" + c1 + c2 + c3, "ين" + c1 + c2 + c3, "ان" + c1 + c2 + "ا" + c3, "من" + c1 + c2 + c3)


def _infix(c1: str) -> tuple[str, str]:
    """Form VIII's first letter and infix: اعت، اصط، ازد، and اتّ for و، ي، ء، ت (اتفق، اتخذ)."""
    if c1 in ("و", "ي", "ء", "ت"):
        return "", "ت"
    if c1 in _EMPHATIC:
        return c1, "ط"
    if c1 in _DENTAL:
        return c1, "د"
    return c1, "ت"


def _viii(c1: str, c2: str, c3: str, hollow: bool, defective: bool, doubled: bool) -> Verb:
    first, t = _infix(c1)
    stem = first + t  # عت، صط، ت
    if hollow:  # اختار يختار اختيار مختار
        return Verb("ا" + stem + "ا" + c3, "ي" + stem + "ا" + c3, "ا" + stem + "يا" + c3, "م" + stem + "ا" + c3)
    if defective:  # التقى يلتقي التقاء ملتقي؛ اعتدى يعتدي اعتداء
        return Verb("ا" + stem + c2 + "ى", "ي" + stem + c2 + "ي", "ا" + stem + c2 + "اء", "م" + stem + c2 + "ي")
    if doubled:  # احتل يحتل احتلال محتل
        return Verb("ا" + stem + c2, "ي" + stem + c2, "ا" + stem + c2 + "ا" + c3, "م" + stem + c2)
    return Verb("ا" + stem + c2 + c3, "ي" + stem + c2 + c3, "ا" + stem + c2 + "ا" + c3, "م" + stem + c2 + c3)


def _x(c1: str, c2: str, c3: str, hollow: bool, defective: bool, doubled: bool) -> Verb:
    if hollow:  # استقال يستقيل استقالة مستقيل
        return Verb("است" + c1 + "ا" + c3, "يست" + c1 + "ي" + c3, "است" + c1 + "ا" + c3 + "ة", "مست" + c1 + "ي" + c3)
    if defective:  # استدعى يستدعي استدعاء مستدعي؛ استولى … استيلاء (و after a kasra)
        masdar = "است" + ("ي" if c1 == "و" else c1) + c2 + "اء"
        return Verb("است" + c1 + c2 + "ى", "يست" + c1 + c2 + "ي", masdar, "مست" + c1 + c2 + "ي")
    if doubled:  # استمر يستمر استمرار مستمر
        return Verb("است" + c1 + c2, "يست" + c1 + c2, "است" + c1 + c2 + "ا" + c3, "مست" + c1 + c2)
    if c1 == "و":  # استورد يستورد استيراد مستورد
        return Verb("استو" + c2 + c3, "يستو" + c2 + c3, "استي" + c2 + "ا" + c3, "مستو" + c2 + c3)
    return Verb("است" + c1 + c2 + c3, "يست" + c1 + c2 + c3, "است" + c1 + c2 + "ا" + c3, "مست" + c1 + c2 + c3)


_PATTERNS = {"II": _ii, "III": _iii, "IV": _iv, "V": _v, "VI": _vi, "VII": _vii, "VIII": _viii, "X": _x}


def plural(masdar: str) -> str:
    """The sound feminine plural of a derived verbal noun: مداهمة → مداهمات، اعتداء →
    اعتداءات، اتهام → اتهامات."""
    return (masdar[:-1] if masdar.endswith("ة") else masdar) + "ات"
