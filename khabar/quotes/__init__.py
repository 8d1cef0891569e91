"""The quotes stage: who said what, to whom, where and when.

``find_quotes(doc)`` adds ``doc.quotes``. Direct quotes come from quotation marks
(``marks``), indirect and mixed ones from reporting clauses (``clauses``); speakers are
resolved against ``doc.entities`` when that layer is filled (``speakers``), and the
statement's addressee, relay, place and time come from the clause's frame (``setting``).
Quotes with no cue of their own continue the previous speaker or, as a subheading, stay
unattributed.
"""

from khabar.quotes.find import find_quotes

# "entities" joins REQUIRES once a stage assigns it; until then doc.entities is read
# when present (see DESIGN.md).
REQUIRES = ("sentences",)
ASSIGNS = ("quotes",)

__all__ = ["find_quotes", "REQUIRES", "ASSIGNS"]
