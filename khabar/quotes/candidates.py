"""Who else could have said it: the speaker candidates of one quote, and their features.

The rules (``speakers``, ``attribute``) give one answer per quote. The candidates are that
answer and its alternatives: every entity that may speak and is named near the cue (the
nearest mention of each), the unnamed speakers heard before ("مصدر مسؤول"), and the
subject phrase as written. Each gets a row of numbers that carry no text: where it stands
relative to the cue and the frame, its type, whether it spoke before and how recently,
whether it agrees with the verb in gender and number, whether a title or a preposition
comes before it. ``ranker`` scores the rows.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from math import log1p

import numpy as np

from khabar.document import Agent, Document
from khabar.frames.clauses import Clause
from khabar.frames.lexicon import CueForm
from khabar.frames.marks import MARKS
from khabar.quotes.speakers import PERSON, Candidate, SpeakerResolver, Subject, _agent, _key, can_speak
from khabar.tokens import Tokens

# How far back (sentences before the cue's) and forward (after it) an entity may be named
# to be a candidate: bare verbs point a few sentences back; a speaker described first is
# named in the next sentence or two ("أعلن ضابط كبير …" … "وقال البريغادير جنرال …").
SENTENCES_BACK = 6
SENTENCES_AHEAD = 2
# Unnamed speakers heard before ("مصدر مسؤول") kept as candidates, most recent first.
UNNAMED_SAID = 2
KINDS = ("PERSON", "ORG", "GPE", "NORP", "other", "said", "phrase", "nobody")
CUE_POS = ("past", "present", "participle", "masdar", "passive")
MARKERS = ("that", "prep", "colon", "mark", "after", "source")

FEATURES: tuple[str, ...] = (
    *(f"kind_{k}" for k in KINDS),
    "in_frame",
    "frame_head",
    "before_cue_same_sentence",
    "after_frame_same_sentence",
    "sentences_back",
    "sentences_ahead",
    "paragraphs_back",
    "log_tokens_away",
    "after_preposition",
    "sentence_opening",
    "titled",
    "log_mentions",
    "log_mentions_before",
    "first_person",
    "spoke",
    "last_speaker",
    "speaker_recency",
    "gender_agrees",
    "gender_clashes",
    "number_clashes",
    "has_roles",
    "nearest_person_before",
    "nearest_group_before",
    "same_paragraph",
    "frame_describes",
    "names_frame_words",
    "phrase_words",
    "phrase_source_head",
    "phrase_titled_head",
    "phrase_generic_head",
    "frame_names_entity",
    "frame_unnamed",
    "rules_nobody",
    "rules_joint",
    *(f"cue_{p}" for p in CUE_POS),
    "cue_plural",
    "cue_feminine",
    *(f"marker_{m}" for m in MARKERS),
    "frame_tokens",
    "frame_has_person",
)
_AT = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True, slots=True)
class Options:
    """The speakers a quote may be given (``agents[i]`` for row ``i`` of ``features``);
    row 0 is always the rules' answer."""

    agents: tuple[tuple[Agent, ...], ...]
    features: np.ndarray  # (len(agents), len(FEATURES)), float32


class CandidateFinder:
    """Builds the candidates of each quote of one document (per-document indexes made once)."""

    def __init__(self, doc: Document, toks: Tokens, resolver: SpeakerResolver):
        self.doc, self.toks, self.resolver = doc, toks, resolver
        self._sentence_starts = [s.start for s in doc.sentences]
        self._paragraph_starts = [p.start for p in doc.paragraphs]
        starts: dict[str, list[int]] = {}
        for m in resolver.mentions:
            starts.setdefault(m.entity.id, []).append(m.start)
        self._starts = starts  # each entity's mention offsets, in order
        first = next((m for m in resolver.mentions if m.entity.type == PERSON), None)
        self._first_person = first.entity.id if first else None
        self._static: dict[int, tuple[float, ...]] = {}  # per mention start: what the cue does not change
        self._quoted: dict[int, bool] = {}

    def _placed(self, m: Candidate) -> tuple[float, ...]:
        """(token, sentence, paragraph, after a preposition, after a title, opens its
        sentence) of a mention, computed once per document."""
        found = self._static.get(m.start)
        if found is None:
            toks, resolver = self.toks, self.resolver
            k = toks.at(m.start)
            sent = self._sentence(m.start)
            after_prep = titled = opening = 0.0
            if k is not None:
                if k > 0:
                    before = toks.surface(k - 1)
                    lex = resolver.lex
                    after_prep = float(resolver._boundary(before) or lex.has("np_boundary", before))
                    titled = float(lex.has("name_title", before) or lex.has("construct_title", before))
                first = toks.at(self.doc.sentences[sent].start) if self.doc.sentences else None
                opening = float(first is not None and k - first <= 2)
            found = (float(-1 if k is None else k), sent, self._paragraph(m.start), after_prep, titled, opening)
            self._static[m.start] = found
        return found

    def _is_quoted(self, m: Candidate) -> bool:
        found = self._quoted.get(m.start)
        if found is None:
            found = self._quoted[m.start] = self.resolver._quoted(m)
        return found

    def _sentence(self, pos: int) -> int:
        return bisect_right(self._sentence_starts, pos) - 1

    def _paragraph(self, pos: int) -> int:
        return bisect_right(self._paragraph_starts, pos) - 1

    def options(self, clause: Clause, subj: Subject, rule: tuple[Agent, ...], excluded: tuple[int, int]) -> Options:
        """The candidates of the quote whose clause is ``clause`` (content ``excluded``)."""
        toks, resolver = self.toks, self.resolver
        cue_at = toks.starts[clause.cue_token]
        cue_sent = self._sentence(cue_at)
        cue_para = self._paragraph(cue_at)
        frame = clause.subject
        frame_a = toks.starts[frame.start] if frame else cue_at
        frame_b = toks.ends[frame.stop - 1] if frame else toks.ends[clause.cue_token]
        np_start = toks.starts[subj.phrase.start] if subj.phrase else -1
        sentences = self.doc.sentences
        lo = sentences[max(0, cue_sent - SENTENCES_BACK)].start if sentences else 0
        hi = sentences[min(len(sentences) - 1, cue_sent + SENTENCES_AHEAD)].end if sentences else len(self.doc.text)
        nearest: dict[str, Candidate] = {}
        for m in resolver._mentions_in(lo, hi):
            if excluded[0] <= m.start < excluded[1] or self._is_quoted(m):
                continue
            best = nearest.get(m.entity.id)
            if best is None or abs(m.start - cue_at) < abs(best.start - cue_at):
                nearest[m.entity.id] = m
        agents: list[tuple[Agent, ...]] = [rule]
        kinds: list[str] = ["rule"]
        mentions: list[Candidate | None] = [None]
        rule_ids = {a.entity for a in rule if a.entity}
        if len(rule) == 1 and rule[0].entity and rule[0].entity not in nearest:
            before = [m for m in resolver._mentions_in(0, cue_at) if m.entity.id == rule[0].entity]
            mentions[0] = before[-1] if before else None
        for m in sorted(nearest.values(), key=lambda m: m.start):
            if m.entity.id in rule_ids and len(rule) == 1:
                mentions[0] = m
                continue
            agents.append((_agent(m),))
            kinds.append(m.entity.type if m.entity.type in KINDS else "other")
            mentions.append(m)
        seen_names = {a.name for group in agents for a in group}
        unnamed = [s for s in reversed(resolver.said) if len(s.agents) == 1 and s.agents[0].entity is None]
        for s in unnamed[:UNNAMED_SAID]:
            if s.agents[0].name not in seen_names:
                seen_names.add(s.agents[0].name)
                agents.append(s.agents)
                kinds.append("said")
                mentions.append(None)
        if subj.phrase and not subj.anaphoric:
            a, b = toks.starts[subj.phrase.start], toks.ends[subj.phrase.stop - 1]
            name = " ".join("".join(ch for ch in self.doc.text[a:b] if ch not in MARKS).split())
            if name and name not in seen_names and can_speak(name):
                agents.append((Agent(name, None, None),))
                kinds.append("phrase")
                mentions.append(None)
        if rule:
            agents.append(())
            kinds.append("nobody")
            mentions.append(None)

        rows = np.zeros((len(agents), len(FEATURES)), dtype=np.float32)
        cue = clause.cue
        self._quote_features(rows, cue, clause, subj, rule, frame_a, frame_b)
        frame_keys = self._phrase_keys(subj)
        head = toks.surface(subj.phrase.start) if subj.phrase and not subj.anaphoric else ""
        recency: dict[str, int] = {}
        for rank, said in enumerate(reversed(resolver.said)):
            for a in said.agents:
                key = a.entity or a.name
                recency.setdefault(key, rank)
        nearest_person = max(
            (m.start for m in mentions if m is not None and m.entity.type == PERSON and m.start < cue_at), default=-1
        )
        nearest_group = max(
            (m.start for m in mentions if m is not None and m.entity.type in ("ORG", "GPE") and m.start < cue_at),
            default=-1,
        )
        for i, (group, kind, mention) in enumerate(zip(agents, kinds, mentions, strict=True)):
            row = rows[i]
            if i == 0:
                kind = self._rule_kind(rule)
            row[_AT[f"kind_{kind}"]] = 1.0
            if group:
                key = group[0].entity or group[0].name
                if key in recency:
                    row[_AT["spoke"]] = 1.0
                    row[_AT["speaker_recency"]] = 1.0 / (1 + recency[key])
                    row[_AT["last_speaker"]] = float(recency[key] == 0)
            if group and group[0].entity is None:
                self._phrase_features(row, group[0].name)
            if mention is None:
                continue
            m = mention
            self._mention_features(row, m, cue, cue_at, cue_sent, cue_para, frame_a, frame_b, np_start)
            row[_AT["frame_describes"]] = float(bool(head) and self._describes(head, m.entity.type))
            if frame_keys:
                names = {_key(w) for form in (m.entity.name, *m.entity.aliases, *m.entity.roles) for w in form.split()}
                row[_AT["names_frame_words"]] = len(frame_keys & names) / len(frame_keys)
            row[_AT["nearest_person_before"]] = float(m.start == nearest_person)
            row[_AT["nearest_group_before"]] = float(m.start == nearest_group)
        named = rows[:, _AT["frame_describes"]].max() > 0 or rows[:, _AT["names_frame_words"]].max() > 0
        rows[:, _AT["frame_names_entity"]] = float(named)
        return Options(tuple(agents), rows)

    def _phrase_keys(self, subj: Subject) -> frozenset[str]:
        """The frame phrase's words as match keys, honorifics left out."""
        if not subj.phrase or subj.anaphoric:
            return frozenset()
        words = {_key(self.toks.surface(k)) for k in subj.phrase}
        return frozenset(words - self.resolver._honorifics)

    def _describes(self, head: str, etype: str) -> bool:
        """A generic head that stands for a person or a body (اللاعب، الشركة، مدرب …)."""
        lex = self.resolver.lex
        if etype == PERSON:
            return lex.has("back_person", head) or lex.has("construct_title", head) or lex.has("name_title", head)
        return lex.has("back_body", head) or lex.has("statement_noun", head.removeprefix("ال"))

    def _phrase_features(self, row: np.ndarray, name: str) -> None:
        """An unnamed speaker as written ("مصدر أمني", "المدرب الهولندي")."""
        words = name.split()
        if not words:
            return
        lex = self.resolver.lex
        head = words[0]
        row[_AT["phrase_words"]] = min(len(words), 8) / 8
        row[_AT["phrase_source_head"]] = float(lex.has("source_head", head))
        row[_AT["phrase_titled_head"]] = float(lex.has("name_title", head) or lex.has("construct_title", head))
        row[_AT["phrase_generic_head"]] = float(lex.has("back_person", head) or lex.has("back_body", head))

    def _rule_kind(self, rule: tuple[Agent, ...]) -> str:
        if not rule:
            return "nobody"
        first = rule[0]
        if first.entity is None:
            return "phrase"
        etype = self.resolver._entity_type(first)
        return etype if etype in KINDS else "other"

    def _quote_features(
        self,
        rows: np.ndarray,
        cue: CueForm | None,
        clause: Clause,
        subj: Subject,
        rule: tuple[Agent, ...],
        frame_a: int,
        frame_b: int,
    ) -> None:
        """Columns that are the same for every candidate of the quote: what kind of report
        it is, which the trees combine with the candidates' own columns."""
        rows[:, _AT["frame_unnamed"]] = float(subj.anaphoric)
        rows[:, _AT["rules_nobody"]] = float(not rule)
        rows[:, _AT["rules_joint"]] = float(len(rule) > 1)
        if cue is not None:
            if cue.pos in CUE_POS:
                rows[:, _AT[f"cue_{cue.pos}"]] = 1.0
            rows[:, _AT["cue_plural"]] = float(cue.number in ("d", "p"))
            rows[:, _AT["cue_feminine"]] = float(cue.gender == "f")
        if clause.marker in MARKERS:
            rows[:, _AT[f"marker_{clause.marker}"]] = 1.0
        rows[:, _AT["frame_tokens"]] = min(len(clause.subject), 20) / 20
        rows[:, _AT["frame_has_person"]] = float(
            any(m.entity.type == PERSON for m in self.resolver._mentions_in(frame_a, frame_b))
        )

    def _mention_features(
        self,
        row: np.ndarray,
        m: Candidate,
        cue: CueForm | None,
        cue_at: int,
        cue_sent: int,
        cue_para: int,
        frame_a: int,
        frame_b: int,
        np_start: int,
    ) -> None:
        toks, resolver = self.toks, self.resolver
        token, sent, para, after_prep, titled, opening = self._placed(m)
        k = int(token) if token >= 0 else None
        row[_AT["in_frame"]] = float(frame_a <= m.start and m.end <= frame_b)
        row[_AT["frame_head"]] = float(m.start == np_start)
        row[_AT["before_cue_same_sentence"]] = float(sent == cue_sent and m.start < cue_at)
        row[_AT["after_frame_same_sentence"]] = float(sent == cue_sent and m.start >= frame_b)
        row[_AT["sentences_back"]] = max(0, cue_sent - sent) / SENTENCES_BACK
        row[_AT["sentences_ahead"]] = max(0, sent - cue_sent) / SENTENCES_AHEAD
        row[_AT["paragraphs_back"]] = min(3, max(0, cue_para - para)) / 3
        row[_AT["same_paragraph"]] = float(para == cue_para)
        if k is not None:
            cue_k = toks.at(cue_at)
            away = abs(k - cue_k) if cue_k is not None else 50
            row[_AT["log_tokens_away"]] = log1p(away) / 5
            row[_AT["after_preposition"]] = after_prep
            row[_AT["titled"]] = titled
            row[_AT["sentence_opening"]] = opening
        starts = self._starts.get(m.entity.id, ())
        row[_AT["log_mentions"]] = log1p(max(1, len(starts))) / 3
        row[_AT["log_mentions_before"]] = log1p(bisect_left(starts, cue_at)) / 3
        row[_AT["first_person"]] = float(m.entity.id == self._first_person)
        row[_AT["has_roles"]] = float(bool(m.entity.roles))
        if cue is not None:
            known = resolver.gender.get(m.entity.id, "-")
            if cue.gender != "-" and known != "-":
                row[_AT["gender_agrees" if known == cue.gender else "gender_clashes"]] = 1.0
            plural = cue.number in ("d", "p")
            row[_AT["number_clashes"]] = float(plural and m.entity.type == PERSON)
