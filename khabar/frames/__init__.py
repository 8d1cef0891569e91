"""Clause frames: the reading of a clause shared by the stages about who did or said what.

The quotes stage builds on it today and the events stage will. A *frame* is the stretch
of a sentence around a verb that says who, to whom, where and when, before its content
or object starts ("وقال لافروف في بكين الثلاثاء إن …": frame "لافروف في بكين الثلاثاء").

- ``lexicon``: ``cue_lexicon()``, the reporting verbs (every surface form, with gender,
  number, class and the prepositions that open their content) and the function words
  around them, from ``data/cues.tsv`` and ``data/quote_words.tsv``. ``CueLexicon.has(kind,
  word)`` raises ``UnknownWordClass`` for a class the data does not define.
- ``triggers``: ``trigger_tokens(tokens, words)``, the tokens that start a word of a set,
  entries of several words included (one set lookup per token).
- ``marks``: ``quoted_spans(text, start, end)``, quotation marks paired as outlets type
  them; ``inside_quotation(pos, quoted)``.
- ``clauses``: ``find_clauses`` (a cue, its subject tokens, where its content starts:
  إن/أن, a preposition, a colon, a quotation mark) and ``find_sources`` (بحسب X،
  وفقا لـ X، "…، كما ذكرت X").
- ``byline``: ``body_start(doc)``, where the body starts after a byline or dateline (whose
  names are nobody's subject).
- ``timing``: ``time_in(doc, start, end, near=None, sentence=False)``, the time
  expression of a clause.
- ``place``: ``place_in(doc, tokens, frame)``, the place entity after في/من in a frame.

Everything here is per document and pure: tokens come from ``doc.tokens``, entities and
times from the layers the earlier stages added (an empty layer gives an empty answer).
"""
