"""A trigger being read (``Draft``), and the groups of event types the rules tell apart.

A draft collects what the frame gives (actors, targets, the light verb, the quote) before
the document-wide steps merge drafts that name one event and finish each into an
``Event``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.events.model import Participant
from khabar.events.triggers import TriggerHit

# Events whose complement is a wish or a plan, not a deed: what they govern is their content.
INTENT_TYPES = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "CONSULT"})
# Verbal acts: with nobody acting and nobody acted on, a mention is generic ("تهديدات
# السلم والأمن"، "الجماعات التي تؤيدها"), not an event.
VERBAL_TYPES = frozenset({"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
GENERIC_NOUN_TYPES = frozenset({"SUPPORT", "ACCUSE", "REJECT", "THREATEN"})
# Deeds one side does to another: a nationality after the noun names the doer ("الغزو
# العراقي"، "العقوبات الأمريكية"); after a meeting or an agreement it names the topic
# ("الاتفاق النووي الإيراني").
ONE_SIDED_TYPES = frozenset({"ASSAULT", "SANCTION", "COERCE", "AID", "MOBILIZE", "THREATEN"})
# Acts whose dropped subject is carried from the clause or sentence before ("وأشاد بـ"،
# "ودعا إلى"): verbal acts and meetings, rarely passive in news (قُتل، اعتُقل are).
CARRIED_TYPES = VERBAL_TYPES | {"CONSULT"}
# Meetings the speaker of a reporting frame took part in ("قال لافروف بعد محادثات مع …").
FRAME_TYPES = frozenset({"CONSULT"})


@dataclass
class Draft:
    hit: TriggerHit
    type: str
    cameo: str
    actors: list[Participant] = field(default_factory=list)
    targets: list[Participant] = field(default_factory=list)
    target_event: int | None = None  # token of an event the target slot holds
    quote: int | None = None
    speech: bool = False  # the trigger is a quote's cue
    light: TriggerHit | None = None  # the light verb carrying a noun (قد تفرض عقوبات)
    sentence: int = 0
