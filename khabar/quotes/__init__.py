"""The quotes stage: who said what, to whom, where and when.

``find_quotes(doc)`` adds ``doc.quotes``. Direct quotes come from quotation marks
(``frames.marks``), indirect and mixed ones from reporting clauses (``frames.clauses``);
speakers are resolved against ``doc.entities`` when that layer is filled (``speakers``),
and the statement's addressee, relay, place and time come from the clause's frame
(``frames.place``, ``frames.timing``).
Quotes with no cue of their own continue the previous speaker or, as a subheading, stay
unattributed.
"""

from khabar.quotes.find import find_quotes

# speakers resolve to entities, and a statement takes the time expression of its clause
REQUIRES = ("sentences", "entities", "times")
ASSIGNS = ("quotes",)

__all__ = ["find_quotes", "REQUIRES", "ASSIGNS"]
