"""The events stage: who did what to whom, where and when, coded to PLOVER and CAMEO.

``find_events(doc)`` adds the ``events`` layer (``doc.layer("events")``): each event's
trigger, PLOVER type and CAMEO root code, actor and target (entities, or groups the text
names without a proper name, with PLOVER-style actor codes), place, time (an index into
``doc.times``), negation, hypotheticals, and the quote it is or is said in. See
docs/events.md.
"""

from khabar.events.find import find_events
from khabar.events.model import Event, Participant

REQUIRES = ("text", "tokens", "paragraphs", "sentences", "entities", "times", "quotes")
ASSIGNS = ("events",)

__all__ = ["ASSIGNS", "REQUIRES", "Event", "Participant", "find_events"]
