"""khabar: Arabic news to structured knowledge.

>>> import khabar
>>> doc = khabar.analyze("قال الوزير إن المحادثات كانت مثمرة أمس.", published="2024-04-09")
>>> doc.to_dict()["sentences"]
[{'start': 0, 'end': 39}]
>>> [(doc.span_text(q), q.kind, q.speaker.name) for q in doc.quotes]
[('المحادثات كانت مثمرة أمس', 'indirect', 'الوزير')]
>>> [(doc.span_text(t), t.value) for t in doc.times]
[('أمس', '2024-04-08')]
"""

from khabar.document import Document, Entity, OffsetError, Paragraph, Quote, Sentence, Span, TimeExpr
from khabar.pipeline import analyze

__all__ = ["analyze", "Document", "Entity", "OffsetError", "Paragraph", "Quote", "Sentence", "Span", "TimeExpr"]
__version__ = "0.1.0"
