"""The pipeline's contracts: stage order, stage selection, options, registered layers."""

import threading
from dataclasses import dataclass
from typing import Any

import pytest

import khabar
from khabar.document import Document, OffsetError, Span, layers, register_layer
from khabar.pipeline import STAGES, Options, Pipeline, Stage, StageOrderError, check_order, default_pipeline, select

TEXT = "قال وزير الخارجية سيرغي لافروف أمس إن المحادثات في بكين كانت مثمرة."


def names(stages) -> list[str]:
    return [s.name for s in stages]


def test_pipeline_select_adds_the_stages_a_stage_reads():
    assert names(select(["time"])) == ["segment", "time"]
    assert names(select(["quotes"])) == ["segment", "entities", "time", "quotes"]
    assert names(select(None)) == names(STAGES)


def test_pipeline_select_unknown_stage_names_the_known_ones():
    with pytest.raises(StageOrderError, match="unknown stage tiem; stages are segment, entities"):
        select(["tiem"])


def test_pipeline_check_order_names_the_missing_layer():
    late = Stage("late", ("text", "quotes"), ("late",), lambda o: lambda d: d)
    with pytest.raises(StageOrderError, match="stage late needs quotes"):
        check_order((late, *STAGES))
    check_order((*STAGES, late))


def test_pipeline_stages_off_leave_their_layers_empty():
    doc = khabar.analyze(TEXT, published="2024-04-09", stages=["time"])
    assert [t.value for t in doc.times] == ["2024-04-08"]
    assert doc.entities == () and doc.quotes == ()
    full = khabar.analyze(TEXT, published="2024-04-09")
    assert full.quotes and full.entities
    assert full.times == doc.times


def test_pipeline_pipe_keeps_order_and_matches_single_calls():
    nlp = Pipeline(Options(stages=("entities",)))
    texts = [TEXT, "وصل الرئيس إلى القاهرة.", "الطقس معتدل."]
    assert [d.text for d in nlp.pipe(texts)] == [nlp(t).text for t in texts]


def test_pipeline_timed_adds_up_seconds_per_stage():
    nlp = Pipeline(Options(stages=("time",)), timed=True)
    nlp(TEXT)
    assert nlp.seconds is not None and set(nlp.seconds) == {"segment", "time"}
    assert all(v >= 0 for v in nlp.seconds.values())


def test_pipeline_options_refuse_unknown_keys():
    assert Options.from_mapping({"stages": "time, quotes"}).stages == ("time", "quotes")
    with pytest.raises(ValueError, match="unknown option stage"):
        Options.from_mapping({"stage": "time"})


def test_pipeline_default_is_one_per_thread():
    mine = default_pipeline()
    assert default_pipeline() is mine
    theirs: list[Pipeline] = []
    worker = threading.Thread(target=lambda: theirs.append(default_pipeline()))
    worker.start()
    worker.join()
    assert theirs and theirs[0] is not mine


@dataclass(frozen=True, slots=True)
class Note(Span):
    label: str = ""

    def to_dict(self, text: str) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": text[self.start : self.end], "label": self.label}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Note":
        return cls(d["start"], d["end"], d["label"])


register_layer("test_notes", Note.from_dict)


def test_document_registered_layer_round_trips_through_json():
    doc = Document(text="خبر عاجل").replace(test_notes=(Note(0, 3, "head"),))
    assert doc.layer("test_notes") == (Note(0, 3, "head"),)
    d = doc.to_dict()
    assert d["test_notes"] == [{"start": 0, "end": 3, "text": "خبر", "label": "head"}]
    assert list(d)[-1] == "test_notes"  # after the core layers
    assert Document.from_dict(d) == doc
    assert "test_notes" not in Document(text="خبر").to_dict()  # a layer nobody filled is not written


def test_document_registered_layer_items_are_checked_against_the_text():
    with pytest.raises(OffsetError):
        Document(text="خبر").replace(test_notes=(Note(0, 30),))


def test_document_unknown_layer_is_an_error():
    with pytest.raises(TypeError, match="no field or registered layer 'evnts'"):
        Document(text="خبر").replace(evnts=())
    with pytest.raises(KeyError):
        Document(text="خبر").layer("evnts")


def test_document_register_layer_refuses_a_taken_name():
    with pytest.raises(ValueError, match="already registered"):
        register_layer("quotes", Note.from_dict)
    with pytest.raises(ValueError, match="field of Document"):
        register_layer("title", Note.from_dict)
    assert register_layer("test_notes", Note.from_dict) in layers()  # the same again: a no-op


def test_pipeline_threads_give_the_same_documents_as_one_thread():
    """A threaded server runs analyses side by side: each thread's pipeline owns its
    caches, so results never depend on what another thread analysed."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        TEXT,
        "أعلنت وزارة الصحة السعودية اليوم الأحد عن حملة تطعيم جديدة في الرياض وجدة.",
        "قال الرئيس المصري عبد الفتاح السيسي إن قناة السويس الجديدة ستفتتح في أغسطس المقبل.",
        "ندد الأمين العام للأمم المتحدة بان كي مون بالهجوم، وطالب بفتح تحقيق.",
    ] * 3
    alone = [khabar.analyze(t, published="2015-08-02").to_dict() for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda t: khabar.analyze(t, published="2015-08-02").to_dict(), texts))
    assert together == alone
