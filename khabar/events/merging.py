"""One event, not two: a verb whose subject is an event noun of its type retells it
("الغارة استهدفت أبا خليل"), and an action named only as the content of an agreement,
demand, refusal or threat is part of it ("اتفقتا على مناقشة"، "طالب بالإفراج"، "هدد
بعقوبات").
"""

from __future__ import annotations

from khabar.events.context import Context
from khabar.events.draft import INTENT_TYPES, Draft

# A verb retells the event noun before it (غارة جوية أمريكية في أفغانستان قتلت) this close.
MAX_RETOLD_GAP = 6
# "زيارة عمل يلتقي خلالها": a verb placed in the event before it is an event of its own.
_DURING_IT = frozenset({"خلالها", "خلاله", "اثناءها", "اثناءه"})  # not فيه: "هجوم قتل فيه عشرات" is one
# A governing intent reaches the noun it holds within this many tokens.
MAX_CONTENT_DISTANCE = 12


def retold(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """ "أن غارة جوية قتلت قيادياً"، "الغارة استهدفت أبا خليل": a verb whose subject is
    an event noun of its type retells that event; its object is the noun's target."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and d.hit.form.pos == "verb"
            and not d.actors
            and prev.hit.form.pos == "noun"
            and prev.type == d.type
            and prev.sentence == d.sentence
            and 0 <= d.hit.first - prev.hit.last <= MAX_RETOLD_GAP
            and not any(ctx.frames.ends_clause(k) for k in range(prev.hit.last, d.hit.first))
            and not (d.hit.last < len(ctx.forms) and ctx.forms[d.hit.last] in _DURING_IT)
        ):
            if not prev.targets:
                prev.targets = d.targets
            continue
        out.append(d)
    return out


def absorb(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Drop an action named only as the content of an intent (اتفقتا على مناقشة،
    طالب بالإفراج، هدد بعقوبات): it has no actor of its own and follows the intent's
    trigger in the same clause."""
    out: list[Draft] = []
    for d in drafts:
        if d.hit.form.pos == "noun" and not d.actors and out and out[-1].hit.form.pos == "verb":
            prev = out[-1]
            gap = range(prev.hit.last, d.hit.first)
            own = {p.mention.start for p in (*prev.actors, *prev.targets) if p.mention}
            others = [
                c
                for c in ctx.parts.within(gap.start, gap.stop)
                if c.participant.mention and c.participant.mention.start not in own
            ]
            if (
                prev.type in INTENT_TYPES
                and prev.sentence == d.sentence
                and len(gap) <= MAX_CONTENT_DISTANCE
                and not others  # "زار روسيا في خرق لقرار … حظر سفره": another name between: not its content
                and not any(ctx.toks.surface(k) in ".؟?!؛:" for k in gap)
            ):
                continue
        out.append(d)
    return out
