"""A right-to-left terminal view of a Document (``--format table``).

Terminals differ: some lay out Arabic themselves (GNOME Terminal, Konsole, mlterm),
others print it left to right. ``--bidi`` reorders and shapes the text for the latter.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from khabar.cli.output import safe
from khabar.document import Document


def bidi_function(enabled: bool) -> Callable[[str], str]:
    """Visual reordering when asked for; the identity otherwise. Either way the text
    comes out safe for the terminal (no markup, no control characters)."""
    if not enabled:
        return safe
    try:
        import arabic_reshaper
        from bidi import get_display
    except ImportError:
        raise SystemExit("khabar: --bidi needs the rtl extra: pip install 'khabar[rtl]'") from None
    return lambda s: safe(get_display(arabic_reshaper.reshape(s)))


def render(doc: Document, console: Console, bidi: bool = False) -> None:
    v = bidi_function(bidi)
    meta = " · ".join(x for x in (doc.source, doc.published, doc.author, doc.url, doc.language) if x)
    body = []
    for p in doc.paragraphs:
        text = Text.from_markup(v(doc.span_text(p)))
        body.append(Text(text.plain, style="bold cyan" if p.kind == "heading" else "", justify="right"))
    console.print(
        Panel(
            Group(*body) if body else Text("(empty)", style="dim"),
            title=v(doc.title or "(no title)"),
            subtitle=safe(meta) if meta else None,
            title_align="right",
        )
    )
    console.print(
        Text(
            f"{len(doc.paragraphs)} paragraphs · {len(doc.sentences)} sentences · "
            f"{len(doc.tokens)} tokens · id {doc.id[:12]}",
            style="dim",
        )
    )
    if doc.entities:
        t = Table(title="entities", title_justify="right")
        for col in ("id", "type", "name", "aliases", "roles", "mentions"):
            t.add_column(col, justify="right")
        for e in doc.entities:
            t.add_row(e.id, e.type, v(e.name), v("، ".join(e.aliases)), v("، ".join(e.roles)), str(len(e.mentions)))
        console.print(t)
    if doc.times:
        t = Table(title="times", title_justify="right")
        for col in ("text", "type", "value"):
            t.add_column(col, justify="right")
        for x in doc.times:
            t.add_row(v(doc.span_text(x)), x.type, x.value or "—")
        console.print(t)
    if doc.quotes:
        t = Table(title="quotes", title_justify="right", show_lines=True)
        for col in ("speaker", "cue", "kind", "quote"):
            t.add_column(col, justify="right")
        for q in doc.quotes:
            speaker = q.speaker.name if q.speaker else "—"
            t.add_row(v(speaker), v(doc.span_text(q.cue)) if q.cue else "—", q.kind, v(doc.span_text(q)))
        console.print(t)
    events = doc.layers.get("events", ())
    if events:
        t = Table(title="events", title_justify="right", show_lines=True)
        for col in ("actor", "type", "target", "trigger", "time"):
            t.add_column(col, justify="right")
        for e in events:
            actor = " + ".join(p.name for p in (e.actors or ((e.actor,) if e.actor else ()))) or "—"
            target = " + ".join(p.name for p in (e.targets or ((e.target,) if e.target else ()))) or "—"
            kind = (
                e.type
                + (f" ({e.cameo})" if e.cameo else "")
                + (" not" if e.negated else "")
                + (" if" if e.hypothetical else "")
            )
            when = (doc.times[e.time].value if e.time is not None else None) or "—"
            t.add_row(v(actor), kind, v(target), v(doc.span_text(e.trigger)), when)
        console.print(t)
