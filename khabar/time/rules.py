"""The time grammar's rules: reads ``khabar/data/time_rules.toml`` and compiles each rule
(a pattern, its conditions, the reading it makes) once; finds the rules worth trying at
a token. The pattern language itself is in ``pattern.py``.

A rule's ``make`` gives Reading fields: a TOML number or string is a value, a string that
starts with ``=`` is computed from the captures (None leaves the field as it is). Beside
the fields: ``base`` (extend the reading of a capture), ``span`` (take a capture's tokens),
``start``/``end`` (computed), ``until`` (the end of a range: a table of fields, made when
its first field has a value, or a computed reading), ``until_copy`` (the reading itself
again with its first field changed: 13 حتى 15 نوفمبر). Each rule is compiled to one
Python function (``pattern.Codegen``; ``Rule.source`` shows it).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .lexicon import lexicon
from .pattern import (
    SHAPES,
    Cap,
    Captures,
    Codegen,
    Expr,
    FirstTest,
    Match,
    NoStart,
    Token,
    captures,
    categories,
    compile_expr,
    first_tests,
    names,
    parse,
    passes,
)
from .reading import Reading
from .window import TokenWindow

RULES_FILE = "time_rules.toml"
_FORMS_LIMIT = 50_000  # word forms remembered per index (bounded for streaming memory)
_GIVEN = frozenset({"prev", "next"})  # captures the tail and join rules are given


class RuleError(ValueError):
    """A rule that cannot be compiled; the message names the rule and what is wrong."""


@dataclass(frozen=True)
class Example:
    published: str | None
    sentence: str
    expression: str
    type: str
    value: str | None


def parse_example(text: str) -> Example:
    """``published | sentence | expression | TYPE value`` (published or value ``-``: none)."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 4 or len(parts[3].split()) != 2:
        raise ValueError(f"example {text!r}: expected 'published | sentence | expression | TYPE value'")
    kind, value = parts[3].split()
    if parts[2] not in parts[1]:
        raise ValueError(f"example {text!r}: the expression is not in the sentence")
    return Example(None if parts[0] == "-" else parts[0], parts[1], parts[2], kind, None if value == "-" else value)


Run = Callable[[TokenWindow, int, Captures], "Reading | None"]  # a compiled rule


def _never(s: TokenWindow, i: int, c: Captures) -> Reading | None:
    return None


@dataclass(eq=False)
class Rule:
    name: str
    group: str
    pattern: str
    examples: tuple[Example, ...]
    order: int = 0
    source: str = ""  # the Python its pattern was compiled to
    run: Run = _never  # match at token i
    pre: tuple[Expr, ...] = ()  # conditions on the given captures alone, checked before matching
    tests: tuple[FirstTest, ...] | None = None  # what its first token must be; None: anything
    cats: frozenset[str] = frozenset()  # the token categories the tests can accept

    def may_begin(self, token: Token) -> bool:
        if self.tests is None:
            return True
        return bool(self.cats & token.cats) and any(passes(t, token) for t in self.tests)

    def match(self, s: TokenWindow, i: int, given: Captures) -> Reading | None:
        """The reading it makes at token i with these captures given (``prev``/``next``:
        the readings a tail or join rule extends)."""
        for guard in self.pre:
            if not guard(s, i, i, given):
                return None
        return self.run(s, i, dict(given))


def remembered(s: TokenWindow, key: object, i: int, read: Callable[[], Reading | None]) -> Reading | None:
    """A sub-reading at token i, read once per sentence: several rules ask for the same
    one (منذ/خلال/قبل + an expression). Each caller gets its own copy to extend."""
    k = (key, i)
    if k in s.memo:
        r = s.memo[k]
    else:
        r = s.memo[k] = read()
    if r is None:
        return None
    copy = object.__new__(Reading)
    copy.__dict__.update(r.__dict__)
    return copy


def best(runs: Iterable[Run], s: TokenWindow, i: int) -> Reading | None:
    """The longest reading of these (compiled) rules at token i; the first wins a tie."""
    found = None
    for run in runs:
        r = run(s, i, {})
        if r is not None and (found is None or r.end > found.end):
            found = r
    return found


def token_key(s: TokenWindow, i: int) -> tuple[str, str]:
    """What the rules worth trying at a token depend on: its matching form and kind; for
    a number, its length only (a day has one or two digits, a year four)."""
    kind = s.kinds[i]
    if kind == "number":
        return _DIGITS.get(len(s.surface[i]), ""), kind
    return s.norm[i], kind


_DIGITS = {1: "12", 2: "12", 4: "4"}


@lru_cache(maxsize=_FORMS_LIMIT)
def token(norm: str, kind: str) -> Token:
    """What a word form could begin (see ``pattern.Token``)."""
    if kind == "number":  # norm is the length class of token_key
        return Token(norm, (), frozenset({"digits", "digits" + norm} if norm else {"digits"}))
    if kind == "punct":
        return Token(norm, (), frozenset({"paren"} if norm == "(" else ()))
    single, multi = lexicon().word_hits(norm)
    hits = tuple(single) + tuple(h for _, h in multi)
    cats = {h.entry.category for h in hits} | {name for name, test in SHAPES.items() if test(norm)}
    return Token(norm, hits, frozenset(cats))


class _Index:
    """The compiled rules by the word forms they may begin at, remembered (bounded)."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self.by_form: dict[tuple[str, str], tuple[Run, ...]] = {}

    def at(self, s: TokenWindow, i: int) -> tuple[Run, ...]:
        key = token_key(s, i)
        found = self.by_form.get(key)
        if found is None:
            tok = token(*key)
            found = tuple(r.run for r in self.rules if r.may_begin(tok))
            if len(self.by_form) > _FORMS_LIMIT:
                self.by_form.clear()
            self.by_form[key] = found
        return found


def _group(name: str, rules: list[Rule], capture: str | None) -> Match:
    """@group: the longest reading of the group's rules at p (remembered per sentence)."""
    index = _Index(rules)

    def group(s: TokenWindow, start: int, pos: int, c: Captures) -> int | None:
        if pos >= s.n:
            return None
        r = remembered(s, name, pos, lambda: best(index.at(s, pos), s, pos))
        if r is None:
            return None
        if capture:
            c[capture] = Cap(r, r.start, r.end)
        return r.end

    return group


def _compile(rule: Rule, spec: dict, groups: dict[str, list[Rule]]) -> None:
    """Compile a rule (pattern, conditions, the reading it makes) into ``rule.run``."""
    tree = parse(rule.pattern)
    known = captures(tree) | _GIVEN
    given = _GIVEN - captures(tree)
    conditions = [(g, names(g)) for g in spec.get("if", ())]
    rule.pre = tuple(compile_expr(g, known) for g, used in conditions if used and used <= given)
    guards = [g for g, used in conditions if not used or not used <= given]
    gen = Codegen(known, lambda name, cap: _group(name, _group_rules(groups, name), cap), Reading)
    rule.run, rule.source = gen.rule(rule.name, tree, guards, spec.get("make", {}))


def _group_rules(groups: dict[str, list[Rule]], name: str) -> list[Rule]:
    if name not in groups:
        raise ValueError(f"no rule group {name!r}")
    return groups[name]


# --- loading --------------------------------------------------------------------------------


@dataclass
class Grammar:
    """The compiled rules, by group; the top-level groups (tried at a token, in this
    order: the earlier wins a tie) are indexed by the word forms they may begin at."""

    rules: list[Rule]
    groups: dict[str, list[Rule]]
    top: tuple[str, ...]
    _indexes: dict[frozenset[str], _Index] = dataclasses.field(default_factory=dict)

    @property
    def start_categories(self) -> frozenset[str]:
        """Categories whose words may begin a top-level rule."""
        return frozenset(c for r in self.rules if r.group in self.top for c in r.cats)

    def at(self, s: TokenWindow, i: int, skip: frozenset[str] = frozenset()) -> tuple[Run, ...]:
        """The top-level rules that may begin at token i, compiled, in order, leaving out
        the groups in ``skip``."""
        index = self._indexes.get(skip)
        if index is None:
            index = self._indexes[skip] = _Index([r for r in self.rules if r.group in self.top and r.group not in skip])
        return index.at(s, i)


def load(text: str) -> Grammar:
    """Compile the rules of a time_rules.toml text."""
    data = tomllib.loads(text)
    top = tuple(data.get("order", ()))
    fragments = {k: " ".join(v.split()) for k, v in data.get("fragments", {}).items()}
    specs = data.get("rule", [])
    rules: list[Rule] = []
    for n, spec in enumerate(specs):
        name = spec.get("name") or f"#{n + 1}"
        try:
            unknown = set(spec) - {"name", "group", "pattern", "make", "if", "examples", "about"}
            if unknown:
                raise ValueError(f"unknown keys {sorted(unknown)}")
            pattern = " ".join(str(spec["pattern"]).split())
            for key, frag in fragments.items():
                pattern = pattern.replace("$" + key, f"({frag})")
            if "$" in pattern:
                raise ValueError(f"unknown fragment in {pattern!r}")
            parse(pattern)
            examples = tuple(parse_example(e) for e in spec.get("examples", ()))
            if not examples:
                raise ValueError("a rule needs at least one example")
        except (KeyError, ValueError) as e:
            raise RuleError(f"time rule {name}: {e}") from None
        rules.append(Rule(name, spec.get("group", name), pattern, examples, n))
    if len({r.name for r in rules}) != len(rules):
        raise RuleError("time rules: two rules share a name")
    groups: dict[str, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(rule.group, []).append(rule)
    if missing := [g for g in top if g not in groups]:
        raise RuleError(f"time rules: order names groups without rules: {missing}")
    trees = {g: [parse(r.pattern) for r in members] for g, members in groups.items()}
    for rule, spec in zip(rules, specs, strict=True):
        try:
            _compile(rule, spec, groups)
            try:
                tests, empty = first_tests(parse(rule.pattern), trees)
                rule.tests, rule.cats = tuple(tests), categories(tests)
            except NoStart:
                if rule.group in top:
                    raise
                empty = False  # a tail or join rule begins with the reading it is given
            if empty:
                raise ValueError("its pattern can match nothing")
        except (ValueError, SyntaxError) as e:
            raise RuleError(f"time rule {rule.name}: {e}") from None
    rank = {g: k for k, g in enumerate(top)}
    rules.sort(key=lambda r: (rank.get(r.group, len(rank)), r.order))
    return Grammar(rules, groups, top)


@cache
def grammar() -> Grammar:
    """The time grammar of the package, compiled on first use."""
    from . import parts  # noqa: F401 - registers the parts and checks the rules name

    return load(resources.files("khabar.data").joinpath(RULES_FILE).read_text(encoding="utf-8"))
