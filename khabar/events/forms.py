"""Every surface form of a trigger, derived from the forms the lexicon lists.

A verb row gives its past and present in the third person masculine singular (زار
يزور); a noun row its singular and plural (زيارة زيارات). Arabic writes conjunctions,
prepositions, the article, the future prefix and object or possessive pronouns as part
of the word, so "وزارتها"، "فرضها"، "ستدعم"، "للزيارة" are forms of the same trigger.
Forms are keyed by ``arabic.normalize``; the lookup is then one set test per token.
"""

from __future__ import annotations

from collections.abc import Iterator

DEFECTIVE = ("ى", "ا", "ي", "و")
OBJECT_SUFFIXES = ("ه", "ها", "هم", "هما")
PAST_PREFIXES = ("", "و", "ف")
PRESENT_PREFIXES = ("", "و", "ف", "س", "وس", "فس", "ل", "ول")
# a possessive pronoun after an event noun: زيارته، هجومها، محادثاتهم
POSSESSIVES = ("ه", "ها", "هم", "هما", "نا")
_BARE_PREFIXES = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب")
_ARTICLE_PREFIXES = ("ال", "وال", "فال", "بال", "وبال", "لل", "ولل", "كال")


def past_forms(past: str, transitive: bool = True) -> Iterator[tuple[str, str]]:
    """(form, number) of a past verb: every third person, with an object pronoun too
    when the verb takes an object."""
    if past.endswith(("ى", "ا")):  # التقى، دعا: the last letter gives way
        stem = past[:-1]
        bases = [(past, "s"), (stem + "ت", "s"), (stem + "وا", "p"), (stem + "تا", "d")]
        bases.append((stem + ("يا" if past.endswith("ى") else "وا"), "d"))
        objects = [stem + "ا" + s for s in OBJECT_SUFFIXES] + [stem + "ت" + s for s in OBJECT_SUFFIXES]
        objects += [stem + "و" + s for s in OBJECT_SUFFIXES]
    else:
        bases = [(past, "s"), (past + "ت", "s"), (past + "وا", "p"), (past + "تا", "d"), (past + "ا", "d")]
        objects = [past + s for s in OBJECT_SUFFIXES] + [past + "ت" + s for s in OBJECT_SUFFIXES]
        objects += [past + "و" + s for s in OBJECT_SUFFIXES]
    for prefix in PAST_PREFIXES:
        for form, number in bases:
            yield prefix + form, number
        for form in objects if transitive else ():
            yield prefix + form, "s"


def present_forms(present: str, transitive: bool = True) -> Iterator[tuple[str, str]]:
    """(form, number) of a present verb: he, she, they (two or more), with object
    pronouns when the verb takes an object."""
    stem = present[1:]
    if present.endswith(("ي", "و")):  # يلتقي، يدعو
        plural = present[:-1] + "ون"
        jussive = present[:-1] + "وا"
    else:
        plural, jussive = present + "ون", present + "وا"
    bases = [
        (present, "s"),
        ("ت" + stem, "s"),
        (plural, "p"),
        (jussive, "p"),
        (present + "ان", "d"),
        ("ت" + stem + "ان", "d"),
    ]
    if len(present) == 4 and present[2] in "واي":  # hollow verbs shorten after لم: يزور → لم يزر
        bases += [(present[:2] + present[3], "s"), ("ت" + present[1] + present[3], "s")]
    objects = [b + s for b, _ in bases[:2] for s in OBJECT_SUFFIXES] + [jussive[:-1] + s for s in OBJECT_SUFFIXES]
    for prefix in PRESENT_PREFIXES:
        for form, number in bases:
            yield prefix + form, number
        for form in objects if transitive else ():
            yield prefix + form, "s"


def first_person_forms(past: str, present: str) -> Iterator[tuple[str, str, str]]:
    """(form, number, tense) of a verb in the first person, as a speaker says it: أدعو، ندين،
    سنطالب، رفضنا، التقينا (the singular past, رفضت, is the feminine third person's form)."""
    if past != "-":
        if past.endswith("ى"):
            plural = past[:-1] + "ينا"
        elif past.endswith("ا"):
            plural = past[:-1] + "ونا"
        else:
            plural = past + "نا"
        for prefix in PAST_PREFIXES:
            yield prefix + plural, "p", "past"
    if present != "-":
        stem = present[1:]
        for prefix in PRESENT_PREFIXES:
            yield prefix + "أ" + stem, "s", "present"
            yield prefix + "ن" + stem, "p", "present"


def noun_forms(noun: str, bare: bool = False) -> Iterator[tuple[str, str]]:
    """(form, possessive suffix or "") of an event noun: with conjunctions, prepositions,
    the article, and a possessive pronoun (زيارته: "his visit"). A noun written with its
    article (القبض، الإفراج) takes only prefixes, unless ``bare`` says its ال is its own
    (التزام، التقاء)."""
    if noun.startswith("ال") and not bare:  # listed with its article (القبض، الإفراج): only prefixes
        stem = noun[2:]
        for prefix in _ARTICLE_PREFIXES:
            yield prefix + stem, ""
        return
    for prefix in _BARE_PREFIXES:
        yield prefix + noun, ""
    for prefix in _ARTICLE_PREFIXES:
        yield prefix + noun, ""
    if noun.endswith(("ا", "ى")):
        return  # an accusative form listed as such (هجوما، اتفاقا): no pronoun after it
    stems = [noun[:-1] + "ت" if noun.endswith("ة") else noun]
    if noun.endswith("اء"):  # اعتداؤه، اعتداءه، اعتدائه: the hamza's seat follows the case
        stems += [noun[:-1] + "ؤ", noun[:-1] + "ئ"]
    if not noun.endswith(("ة", "ء")):
        for prefix in _BARE_PREFIXES:
            yield prefix + noun + "ا", ""  # the accusative: أجرى اتصالا، شن هجوما
    for prefix in _BARE_PREFIXES:
        for stem in stems:
            for suffix in POSSESSIVES:
                yield prefix + stem + suffix, suffix


def participle_forms(participle: str) -> Iterator[str]:
    """The active participle as a circumstantial verb: داعيا، داعية، داعين (with و)."""
    for ending in ("ا", "ة", "ين", "ون"):
        for prefix in ("", "و"):
            yield prefix + participle + ending
