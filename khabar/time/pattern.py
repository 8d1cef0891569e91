"""The pattern language of the time rules (``khabar/data/time_rules.toml``): reading a
pattern, knowing which tokens it can begin at, and compiling it to one Python function.

A pattern is read left to right over a sentence's tokens, greedily and without
backtracking (as the grammar was written by hand): an optional element is taken when it
matches, the first alternative that matches wins. Elements:

- ``MONTH``, ``UNIT[al,v=Y,x=1]``: a word of a lexicon category (time_*.tsv), its
  longest reading at the token; options: ``al``/``-al`` with/without the article, ``bare``
  no proclitic, ``noal`` the longest reading without ال, ``v=A|B`` its value, ``x=A|B`` its
  second field, ``pro=|و`` its proclitic, ``pre=``/``suf=`` how the token's form begins/ends.
- ``من``: a word, compared after ``khabar.arabic.normalize``; ``'/-'``: one of these marks.
- ``day``, ``ordinal[1-4]``: a part, the grammar's vocabulary written in code
  (``khabar/time/parts.py``: numbers in digits or words, years, numeric dates).
- ``@month``: the longest reading of the rules of a group (a sub-rule).
- ``( a b | c )`` groups and alternatives, ``x?`` optional, ``&x``/``!x`` look ahead,
  ``<x``/``!<x`` look at the token before, ``name:x`` captures, ``x{expr}`` a condition.

Conditions are small Python expressions over the captures, checked against a whitelist
when compiled: comparisons, arithmetic, ``and``/``or``, ``x if c else y``, f-strings,
``len``; ``cap.field`` reads a capture's field (a lexicon entry's ``extra``, a reading's
``month``); a name that is not a capture calls a check of ``parts.py``.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from khabar.arabic import normalize

from .lexicon import LexiconHit, lexicon
from .window import TokenWindow


@dataclass(frozen=True, slots=True)
class Cap:
    """What a named element matched: its value (an entry's value, a number, a Reading),
    its tokens, and for a lexicon word the hit and the token's surface form."""

    value: Any
    start: int
    end: int
    hit: LexiconHit | None = None
    surface: str = ""


Captures = dict[str, Cap]
Match = Callable[[TokenWindow, int, int, Captures], int | None]  # (s, rule start, p, c) -> end
Expr = Callable[[TokenWindow, int, int, Captures], Any]  # (s, rule start, end, c) -> value
PartFn = Callable[[TokenWindow, int, Captures, tuple], tuple[Any, int] | None]
CheckFn = Callable[[TokenWindow, int, int, Captures], bool]


@dataclass(frozen=True)
class Part:
    """A piece of pattern written in code; ``starts``: the token categories it can begin
    at (None: never at the start of a rule)."""

    fn: PartFn
    starts: frozenset[str] | None


PARTS: dict[str, Part] = {}
CHECKS: dict[str, CheckFn] = {}
SHAPES: dict[str, Callable[[str], bool]] = {}  # categories told by a word's shape ("decade")


def part(name: str, starts: Iterable[str] | None = None) -> Callable[[PartFn], PartFn]:
    def register(fn: PartFn) -> PartFn:
        PARTS[name] = Part(fn, None if starts is None else frozenset(starts))
        return fn

    return register


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = fn
        return fn

    return register


def token_category(name: str) -> Callable[[Callable[[str], bool]], Callable[[str], bool]]:
    def register(test: Callable[[str], bool]) -> Callable[[str], bool]:
        SHAPES[name] = test
        return test

    return register


# --- reading a pattern ------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<quote>'[^']*')|(?P<cond>\{[^}]*\})|(?P<sym>[()|?&!<])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*:)|(?P<atom>@?[^\s()|?{}\[<&!']+(?:\[[^\]]*\])?))\s*"
)


@dataclass
class Node:
    kind: str  # seq alt opt look behind cond cap atom
    items: list[Node] = field(default_factory=list)
    text: str = ""  # an atom's text, a capture's name, a condition's source
    negative: bool = False


def parse(pattern: str) -> Node:
    """The tree of a pattern; ValueError says where it cannot be read."""
    toks, pos, text = [], 0, pattern.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"cannot read the pattern at {text[pos : pos + 20]!r}")
        toks.append((m.lastgroup or "", m.group(m.lastgroup or "")))
        pos = m.end()
    parser = _Parser(toks)
    node = parser.alt()
    if parser.k < len(toks):
        raise ValueError(f"unexpected {toks[parser.k][1]!r}")
    return node


class _Parser:
    def __init__(self, toks: list[tuple[str, str]]):
        self.toks, self.k = toks, 0

    def peek(self) -> tuple[str, str]:
        return self.toks[self.k] if self.k < len(self.toks) else ("", "")

    def take(self) -> tuple[str, str]:
        if self.k >= len(self.toks):
            raise ValueError("the pattern ends too early (unclosed ( ?)")
        self.k += 1
        return self.toks[self.k - 1]

    def alt(self) -> Node:
        seqs = [self.seq()]
        while self.peek() == ("sym", "|"):
            self.take()
            seqs.append(self.seq())
        return seqs[0] if len(seqs) == 1 else Node("alt", seqs)

    def seq(self) -> Node:
        items = []
        while self.peek() not in (("", ""), ("sym", ")"), ("sym", "|")):
            items.append(self.item())
        return Node("seq", items)

    def item(self) -> Node:
        name = self.take()[1][:-1] if self.peek()[0] == "name" else None
        node = self.prefixed()
        atoms = [_single(b) for b in node.items] if name and node.kind == "alt" else []
        if name and atoms and all(a is not None for a in atoms):
            # x:(A | B) captures whichever atom matched, not just that one did
            node = Node("alt", [Node("cap", [a], name) for a in atoms if a is not None])
        elif name:
            node = Node("cap", [node], name)
        while self.peek()[0] == "cond":
            node = Node("cond", [node], self.take()[1][1:-1])
        if self.peek() == ("sym", "?"):
            self.take()
            node = Node("opt", [node])
        return node

    def prefixed(self) -> Node:
        kind, text = self.take()
        if kind == "sym" and text in "&!<":
            if text == "!" and self.peek() == ("sym", "<"):
                self.take()
                text = "!<"
            return Node("behind" if "<" in text else "look", [self.prefixed()], negative=text.startswith("!"))
        if (kind, text) == ("sym", "("):
            inner = self.alt()
            if self.peek() != ("sym", ")"):
                raise ValueError("unclosed (")
            self.take()
            return inner
        if kind in ("atom", "quote"):
            return Node("atom", text=text)
        raise ValueError(f"unexpected {text!r}")


def _single(node: Node) -> Node | None:
    """The atom a branch of an alternative consists of, if it is one atom."""
    if node.kind == "seq" and len(node.items) == 1:
        node = node.items[0]
    return node if node.kind == "atom" else None


def walk(node: Node) -> Iterator[Node]:
    yield node
    for item in node.items:
        yield from walk(item)


def captures(node: Node) -> set[str]:
    return {n.text for n in walk(node) if n.kind == "cap"}


def leading_looks(tree: Node) -> tuple[list[Node], Node]:
    """The look-arounds a pattern begins with that no condition inside it reads, and the
    rest: they consume nothing, so they can be checked at the rule's start after the rest
    has matched (most attempts fail before)."""
    if tree.kind != "seq":
        return [], tree
    read = set().union(*(names(n.text) for n in walk(tree) if n.kind == "cond"))
    for k, item in enumerate(tree.items):
        core = item.items[0] if item.kind == "opt" else item
        core = core.items[0] if core.kind == "cap" else core
        if core.kind not in ("look", "behind") or captures(item) & read:
            return tree.items[:k], Node("seq", tree.items[k:])
    return tree.items, Node("seq", [])


def part_args(opts: str) -> tuple:
    """``ordinal[1-4]`` -> (1, 4)."""
    if not opts:
        return ()
    low, _, high = opts.partition("-")
    return (int(low), int(high or low))


def _scalar(v: str) -> str | int:
    return int(v) if re.fullmatch(r"-?\d+", v) else v


@dataclass(frozen=True)
class LexSpec:
    """A lexicon element: its category and options (see the module docstring)."""

    category: str
    article: bool | None = None
    bare: bool = False
    noal: bool = False
    values: frozenset | None = None
    extras: frozenset | None = None
    procl: frozenset | None = None
    pre: str | None = None
    suf: str | None = None

    @classmethod
    def parse(cls, category: str, opts: str) -> LexSpec:
        if category not in lexicon().categories:
            raise ValueError(f"no lexicon category {category!r} (khabar/data/time_*.tsv)")
        kw: dict[str, Any] = {}
        for opt in filter(None, (o.strip() for o in opts.split(","))):
            key, eq, arg = opt.partition("=")
            if opt in ("al", "-al"):
                kw["article"] = opt == "al"
            elif opt in ("bare", "noal"):
                kw[opt] = True
            elif eq and key in ("v", "x"):
                kw["values" if key == "v" else "extras"] = frozenset(_scalar(a) for a in arg.split("|"))
            elif eq and key == "pro":
                kw["procl"] = frozenset(arg.split("|"))
            elif eq and key in ("pre", "suf"):
                kw[key] = normalize(arg)
            else:
                raise ValueError(f"unknown option {opt!r} of {category.upper()}")
        return cls(category, **kw)

    def accepts(self, h: LexiconHit, norm: str) -> bool:
        e = h.entry
        return not (
            (self.values is not None and e.value not in self.values)
            or (self.extras is not None and e.extra not in self.extras)
            or (self.procl is not None and h.proclitic not in self.procl)
            or (self.noal and h.article)
            or (self.pre is not None and not norm.startswith(self.pre))
            or (self.suf is not None and not norm.endswith(self.suf))
        )

    def may_begin(self, hits: Iterable[LexiconHit], norm: str) -> bool:
        """Whether some reading of a word could match: a superset of what matching
        accepts (which takes the longest reading), so it may index rules."""
        return any(
            h.entry.category == self.category
            and (self.article is None or h.article == self.article)
            and not (self.bare and h.proclitic)
            and self.accepts(h, norm)
            for h in hits
        )


# --- where a pattern can begin ------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """What a word form could begin: its lexicon readings (of one word, or the first of
    several) and categories: the lexicon's, "digits" (and "digits12" for one or two digits,
    "digits4" for four), "paren", and shapes such as "decade"."""

    norm: str
    hits: tuple[LexiconHit, ...]
    cats: frozenset[str]


FirstTest = LexSpec | str | frozenset  # a lexicon element, a word, or token categories


def passes(test: FirstTest, token: Token) -> bool:
    if isinstance(test, LexSpec):
        return test.may_begin(token.hits, token.norm)
    if isinstance(test, str):
        return token.norm == test
    return bool(test & token.cats)


class NoStart(ValueError):
    """A pattern that cannot say which tokens it begins at (it begins with a part that
    never begins a rule: the reading a tail or join rule is given)."""


def first_tests(n: Node, groups: dict[str, list[Node]], seen: frozenset[str] = frozenset()) -> tuple[list, bool]:
    """(tests of the first token the pattern can consume, whether it can match nothing);
    ``groups``: the patterns of each rule group, for @group."""
    if n.kind == "seq":
        tests: list[FirstTest] = []
        for item in n.items:
            got, empty = first_tests(item, groups, seen)
            tests += got
            if not empty:
                return tests, False
        return tests, True
    if n.kind == "alt":
        found = [first_tests(i, groups, seen) for i in n.items]
        return [t for f in found for t in f[0]], any(f[1] for f in found)
    if n.kind in ("opt", "look", "behind"):
        return (first_tests(n.items[0], groups, seen)[0] if n.kind == "opt" else []), True
    if n.kind in ("cap", "cond"):
        return first_tests(n.items[0], groups, seen)
    head, _, opts = n.text.partition("[")
    if n.text.startswith("'"):
        if "(" not in n.text:
            raise NoStart(f"a rule cannot begin with {n.text}")
        return [frozenset({"paren"})], False
    if head.startswith("@"):
        if head in seen:
            raise ValueError(f"{head} refers to itself at its start")
        return [t for g in groups[head[1:]] for t in first_tests(g, groups, seen | {head})[0]], False
    if re.fullmatch(r"[A-Z][A-Z_]*", head):
        return [LexSpec.parse(head.lower(), opts[:-1])], False
    if re.fullmatch(r"[a-z][a-z0-9_]*", head):
        if PARTS[head].starts is None:
            raise NoStart(f"part {head!r} cannot begin a rule")
        return [PARTS[head].starts], False
    form = normalize(n.text)
    if not lexicon().categories_of(form):
        raise NoStart(f"a rule cannot begin with {n.text!r}: it is in no lexicon category")
    return [form], False


def categories(tests: Iterable[FirstTest]) -> frozenset[str]:
    """The token categories these tests can accept."""
    out: set[str] = set()
    for test in tests:
        if isinstance(test, LexSpec):
            out.add(test.category)
        else:
            out |= lexicon().categories_of(test) if isinstance(test, str) else test
    return frozenset(out)


# --- expressions: conditions and computed fields -----------------------------------------------

_ALLOWED = tuple(
    getattr(ast, n)
    for n in "Expression BoolOp And Or UnaryOp Not USub BinOp Add Sub Mult FloorDiv Mod Compare Eq NotEq Lt LtE "
    "Gt GtE In NotIn Is IsNot IfExp Name Load Attribute Constant Tuple JoinedStr FormattedValue Call".split()
)
_ENTRY_FIELDS = frozenset({"extra", "needs_context", "category"})


def _attr(cap: Cap | None, name: str) -> Any:
    """A capture's field: its tokens and surface, its lexicon entry's or hit's fields,
    or its value's (a reading's)."""
    if cap is None:
        return None
    if name in ("start", "end", "surface"):
        return getattr(cap, name)
    if cap.hit is not None:
        return getattr(cap.hit.entry, name) if name in _ENTRY_FIELDS else getattr(cap.hit, name)
    return getattr(cap.value, name)


def names(source: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(source.strip(), mode="eval")) if isinstance(n, ast.Name)}


class _Source(ast.NodeTransformer):
    """An expression as generated code reads it: a capture ``x`` is the local ``v_x`` (its
    value), ``x.f`` is ``_attr(k_x, "f")`` (``k_x`` the capture), a check is called."""

    def __init__(self, known: set[str]):
        self.known = known
        self.used: set[str] = set()

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if not (isinstance(node.func, ast.Name) and node.func.id == "len" and len(node.args) == 1):
            raise ValueError("only len(x) may be called")
        node.args = [self.visit(a) for a in node.args]
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if not isinstance(node.value, ast.Name) or node.value.id not in self.known:
            raise ValueError(f"{ast.unparse(node)}: attributes are read from captures only")
        self.used.add(node.value.id)
        return ast.Call(
            ast.Name("_attr", ast.Load()), [ast.Name(f"k_{node.value.id}", ast.Load()), ast.Constant(node.attr)], []
        )

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.known:
            self.used.add(node.id)
            return ast.Name(f"v_{node.id}", ast.Load())
        if node.id in ("start", "end", "len"):
            return node
        if node.id in CHECKS:
            fn = ast.Subscript(ast.Name("_checks", ast.Load()), ast.Constant(node.id), ast.Load())
            return ast.Call(fn, [ast.Name(a, ast.Load()) for a in ("s", "start", "end", "c")], [])
        raise ValueError(f"unknown name {node.id!r} (not a capture of this rule, nor a check)")


def expression(source: str, known: set[str]) -> tuple[str, set[str]]:
    """(Python source, captures it reads) of a condition or a computed field, its names
    being the captures in ``known`` and the checks of parts.py."""
    tree = ast.parse(source.strip(), mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ValueError(f"{type(node).__name__} is not allowed in {source!r}")
    reader = _Source(known)
    return ast.unparse(reader.visit(tree.body)), reader.used


def _loads(used: set[str], pad: str) -> list[str]:
    """Read the captures an expression uses into locals."""
    return [
        line
        for x in sorted(used)
        for line in (f"{pad}k_{x} = c.get({x!r})", f"{pad}v_{x} = None if k_{x} is None else k_{x}.value")
    ]


def compile_expr(source: str, known: set[str]) -> Expr:
    """``lambda s, start, end, c: <source>``."""
    src, used = expression(source, known)
    lines = ["def expr(s, start, end, c):", *_loads(used, "    "), f"    return {src}"]
    env: dict[str, Any] = {"_attr": _attr, "_checks": CHECKS, "len": len}
    exec(compile("\n".join(lines), "<time rule>", "exec"), env)  # noqa: S102 - a whitelisted expression
    return env["expr"]


# --- compiling: each rule becomes one function ----------------------------------------------------


def _trail(c: Captures) -> tuple[str, ...]:
    """The rules that made the readings a rule was built from."""
    return tuple(x for cap in c.values() if hasattr(cap.value, "rules") for x in cap.value.rules)


class Codegen:
    """Writes a rule as ``run(s, i, c) -> Reading | None``: its pattern as straight-line code
    over a position ``p`` and a flag ``ok`` (once False, the rest is skipped), then its
    conditions and the reading it makes, so that a rule costs one call. ``group(name,
    capture)`` gives the function matching @name; ``reading`` is the Reading class."""

    def __init__(self, known: set[str], group: Callable[[str, str | None], Match], reading: type):
        self.known, self.group = known, group
        self.fields = {f.name for f in dataclasses.fields(reading)} - {"start", "end", "until", "rules"}
        self.env: dict[str, Any] = {"Cap": Cap, "Reading": reading, "_attr": _attr, "_checks": CHECKS, "len": len,
                                    "_trail": _trail, "_replace": dataclasses.replace}  # fmt: skip
        self.k = 0

    def const(self, value: Any) -> str:
        self.k += 1
        self.env[f"_k{self.k}"] = value
        return f"_k{self.k}"

    def rule(self, name: str, tree: Node, guards: Iterable[str], make: dict) -> tuple[Callable, str]:
        """The compiled rule and its source."""
        first, rest = leading_looks(tree)
        out = ["def run(s, i, c):", "    start = p = i", "    ok = True", *self.code(rest, "    ")]
        out += ["    if not ok:", "        return None", "    end = p"]
        for look in first:  # look-arounds at the rule's start, checked once the rest has matched
            out += ["    p = start", *self.code(look, "    "), "    if not ok:", "        return None"]
        for guard in guards:
            src, used = expression(guard, self.known)
            out += [*_loads(used, "    "), f"    if not ({src}):", "        return None"]
        out += self.production(name, dict(make), "    ")
        source = "\n".join(out)
        exec(compile(source, f"<time rule {name}>", "exec"), self.env)  # noqa: S102 - generated from a parsed rule
        return self.env["run"], source

    def production(self, name: str, make: dict, pad: str) -> list[str]:
        base, span = make.pop("base", None), make.pop("span", None)
        moves = {k: make.pop(k) for k in ("start", "end") if k in make}
        until, copy = make.pop("until", None), make.pop("until_copy", None)
        for key in (base, span):
            if key is not None and key not in self.known:
                raise ValueError(f"{key!r} is not a capture")
        out = [f"{pad}k = c[{span!r}]", f"{pad}start, end = k.start, k.end"] if span else []
        if moves:
            got = {k: self.value(v, "") for k, v in moves.items()}
            used = set().union(*(u for _, u in got.values()))
            src = {k: got[k][0] if k in got else k for k in ("start", "end")}
            out += [*_loads(used, pad), f"{pad}start, end = {src['start']}, {src['end']}"]
        if base:
            out += [
                f"{pad}r = c[{base!r}].value",
                f"{pad}r.start = start",
                f"{pad}r.end = end",
                f"{pad}trail = r.rules",
            ]
        else:
            out += [f"{pad}r = Reading(start, end)", f"{pad}trail = _trail(c)"]
        for key, v in make.items():
            out += self.assign(key, v, f"r.{key}", pad)
        if isinstance(until, str):
            until_src, until_used = self.value(until, "")
            out += [*_loads(until_used, pad), f"{pad}r.until = {until_src}"]
        elif until:
            out += self.second(until, "Reading(start, end, **kw)", pad)
        if copy:
            out += self.second(copy, "_replace(r, until=None, **kw)", pad)
        return [*out, f"{pad}r.rules = trail + ({name!r},)", f"{pad}return r"]

    def value(self, v: Any, key: str) -> tuple[str, set[str]]:
        if key and key not in self.fields:
            raise ValueError(f"unknown Reading field {key!r}")
        if isinstance(v, str) and v.startswith("="):
            return expression(v[1:], self.known)
        return repr(v), set()

    def assign(self, key: str, v: Any, target: str, pad: str) -> list[str]:
        src, used = self.value(v, key)
        if not used and not (isinstance(v, str) and v.startswith("=")):
            return [f"{pad}{target} = {src}"]
        return [*_loads(used, pad), f"{pad}x = {src}", f"{pad}if x is not None:", f"{pad}    {target} = x"]

    def second(self, table: dict, make: str, pad: str) -> list[str]:
        """The end of a range, made when its first field has a value."""
        (key, v), *rest = table.items()
        src, used = self.value(v, key)
        out = [*_loads(used, pad), f"{pad}x = {src}", f"{pad}if x is not None:", f"{pad}    kw = {{{key!r}: x}}"]
        for k, v2 in rest:
            out += self.assign(k, v2, f"kw[{k!r}]", pad + "    ")
        return [*out, f"{pad}    r.until = {make}"]

    def code(self, n: Node, pad: str) -> list[str]:
        return getattr(self, "_" + n.kind)(n, pad)

    @staticmethod
    def lines(pad: str, text: str, *blocks: list[str]) -> list[str]:
        """Lines of ``text`` at ``pad``; a line ``@`` stands for the next of ``blocks``."""
        out: list[str] = []
        more = iter(blocks)
        for line in textwrap.dedent(text).strip("\n").splitlines():
            out += next(more) if line.strip() == "@" else [pad + line]
        return out

    def _pops(self, n: Node, pad: str) -> list[str]:
        return [f"{pad}c.pop({name!r}, None)" for name in sorted(captures(n))] or [f"{pad}pass"]

    def _seq(self, n: Node, pad: str) -> list[str]:
        out: list[str] = []
        for k, item in enumerate(n.items):
            out += self.code(item, pad) if k == 0 else [f"{pad}if ok:", *self.code(item, pad + "    ")]
        return out

    def _opt(self, n: Node, pad: str) -> list[str]:
        q = self.const(None)
        body, pops = self.code(n.items[0], pad), self._pops(n, pad + "    ")
        return self.lines(pad, f"p{q} = p\n@\nif not ok:\n    p = p{q}\n    ok = True\n@", body, pops)

    def _alt(self, n: Node, pad: str) -> list[str]:
        q = self.const(None)
        out, inner = [f"{pad}p{q} = p", *self.code(n.items[0], pad)], pad
        for before, branch in zip(n.items, n.items[1:], strict=False):
            out += self.lines(inner, f"if not ok:\n    p = p{q}\n    ok = True")
            out += self._pops(before, inner + "    ")
            inner += "    "
            out += self.code(branch, inner)
        return out

    def _look(self, n: Node, pad: str) -> list[str]:
        return self._around(n, pad, 0)

    def _behind(self, n: Node, pad: str) -> list[str]:
        return self._around(n, pad, 1)

    def _around(self, n: Node, pad: str, back: int) -> list[str]:
        q = self.const(None)
        body, pops = self.code(n.items[0], pad + "    "), self._pops(n, pad + "    ")
        text = f"""
            p{q} = p
            if p >= {back}:
                p = p{q} - {back}
            @
                f{q} = ok
            else:
                f{q} = False
            p = p{q}
            ok = {"not " if n.negative else ""}f{q}
            if {"True" if n.negative else f"not f{q}"}:
            @"""
        return self.lines(pad, text, body, pops)

    def _cap(self, n: Node, pad: str) -> list[str]:
        name, child = n.text, n.items[0]
        if child.kind == "atom":
            return self.atom(child.text, name, pad)
        q = self.const(None)
        return self.lines(pad, f"p{q} = p\n@\nif ok:\n    c[{name!r}] = Cap(True, p{q}, p)", self.code(child, pad))

    def _cond(self, n: Node, pad: str) -> list[str]:
        src, used = expression(n.text, self.known)
        test = [
            f"{pad}    end = p",
            *_loads(used, pad + "    "),
            f"{pad}    if not ({src}):",
            f"{pad}        ok = False",
        ]
        return [*self.code(n.items[0], pad), f"{pad}if ok:", *test, *self._pops(n, pad + "        ")]

    def _atom(self, n: Node, pad: str) -> list[str]:
        return self.atom(n.text, None, pad)

    def atom(self, text: str, name: str | None, pad: str) -> list[str]:
        keep = f"c[{name!r}] = " if name else ""
        head, _, opts = text.partition("[")
        opts = opts[:-1]
        if text.startswith("'"):
            test = f"p < s.n and s.kinds[p] == 'punct' and s.surface[p] in {self.const(text[1:-1])}"
            return self._step(pad, test, keep and f"{keep}Cap(s.surface[p], p, p + 1)", "p += 1")
        if head.startswith("@"):
            got = f"e = {self.const(self.group(head[1:], name))}(s, start, p, c)"
            return self.lines(pad, f"{got}\nif e is None:\n    ok = False\nelse:\n    p = e")
        if re.fullmatch(r"[A-Z][A-Z_]*", head):
            return self.lexical(LexSpec.parse(head.lower(), opts), keep, pad)
        if re.fullmatch(r"[a-z][a-z0-9_]*", head):
            if head not in PARTS:
                raise ValueError(f"no part {head!r} (khabar/time/parts.py)")
            got = f"g = {self.const(PARTS[head].fn)}(s, p, c, {self.const(part_args(opts))})"
            return [f"{pad}{got}", *self._step(pad, "g is not None", keep and f"{keep}Cap(g[0], p, g[1])", "p = g[1]")]
        form = self.const(normalize(text))
        return self._step(pad, f"p < s.n and s.norm[p] == {form}", keep and f"{keep}Cap({form}, p, p + 1)", "p += 1")

    @staticmethod
    def _step(pad: str, test: str, keep: str, move: str) -> list[str]:
        return [f"{pad}if {test}:", *([f"{pad}    {keep}"] if keep else []), f"{pad}    {move}", f"{pad}else:",
                f"{pad}    ok = False"]  # fmt: skip

    def lexical(self, spec: LexSpec, keep: str, pad: str) -> list[str]:
        """The longest reading of the category at p that the article and bare options
        allow, then the other options, written out."""
        choose = [f"x.article is {spec.article}"] if spec.article is not None else []
        choose += ["not x.proclitic"] if spec.bare else []
        checks = ["h is not None"]
        for test, value in (
            ("h.entry.value in {}", spec.values),
            ("h.entry.extra in {}", spec.extras),
            ("h.proclitic in {}", spec.procl),
            ("s.norm[p].startswith({})", spec.pre),
            ("s.norm[p].endswith({})", spec.suf),
        ):
            if value is not None:
                checks.append(test.format(self.const(value)))
        checks += ["not h.article"] if spec.noal else []
        loop = [f"{pad}h = None", f"{pad}for x in s.by_category(p).get({spec.category!r}, ()):"]
        loop += (
            [f"{pad}    if {' and '.join(choose)}:", f"{pad}        h = x", f"{pad}        break"]
            if choose
            else [f"{pad}    h = x", f"{pad}    break"]
        )
        cap = keep and f"{keep}Cap(h.entry.value, p, p + h.length, h, s.surface[p])"
        return [*loop, *self._step(pad, " and ".join(checks), cap, "p += h.length")]
