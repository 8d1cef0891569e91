"""The documentation names every command and every field of the JSON output."""

from pathlib import Path

import click

from khabar.cli import main
from khabar.document import Document

ROOT = Path(__file__).resolve().parents[1]


def all_commands(group: click.Group, prefix: str = "khabar"):
    for name, cmd in group.commands.items():
        yield f"{prefix} {name}"
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, f"{prefix} {name}")


def test_docs_readme_names_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docs = readme + "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    missing = [c for c in all_commands(main) if c not in docs]
    assert not missing, f"undocumented commands: {missing}"


def test_docs_output_lists_every_json_field():
    output = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    for key in Document(text="نص").to_dict():
        assert f"`{key}`" in output, key


def test_docs_package_docstring_example_runs():
    import doctest

    import khabar

    result = doctest.testmod(khabar)
    assert result.attempted >= 3 and result.failed == 0
