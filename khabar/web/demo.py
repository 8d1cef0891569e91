"""The demo store: the repository's own sample articles (examples/demo), ingested and
grouped into stories, so a newcomer sees every page working at once."""

from __future__ import annotations

from pathlib import Path

from khabar.batch.ingest import IngestSummary, ingest
from khabar.sources import read_paths
from khabar.store import open_store

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo" / "articles.jsonl"


class DemoMissingError(FileNotFoundError):
    pass


def build_demo(db: str | Path, articles: Path = DEMO) -> tuple[IngestSummary, str | None]:
    """Ingest the demo articles into ``db`` and group stories; returns the ingest summary
    and, when stories could not be grouped, why (the stories extra is missing)."""
    if not articles.exists():
        raise DemoMissingError(
            f"no demo articles at {articles}: the demo runs from a clone of the repository (examples/demo)"
        )
    from khabar.corpus.stories import EncoderMissingError
    from khabar.service import regroup_stories

    with open_store(db) as store:
        summary = ingest(read_paths([str(articles)]), store)
        try:
            regroup_stories(store)
            note = None
        except EncoderMissingError as e:
            note = str(e)
    return summary, note
