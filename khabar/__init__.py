"""khabar: Arabic news to structured knowledge.

>>> import khabar
>>> doc = khabar.analyze("قال الوزير إن المحادثات كانت مثمرة.", published="2024-04-09")
>>> doc.to_dict()["sentences"]
[{'start': 0, 'end': 35}]
"""

from khabar.document import Document, Entity, OffsetError, Paragraph, Quote, Sentence, Span, TimeExpr
from khabar.pipeline import analyze

__all__ = ["analyze", "Document", "Entity", "OffsetError", "Paragraph", "Quote", "Sentence", "Span", "TimeExpr"]
__version__ = "0.1.0"
