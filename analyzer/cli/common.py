"""What every command shares: the typer app, the database option, error lines."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from analyzer import store
from analyzer.errors import AnalyzerError

if TYPE_CHECKING:
    from sqlite_utils import Database

app = typer.Typer(
    help="Find the promises a seller made and the hidden engineering work in sales-call transcripts.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from analyzer import __version__

        typer.echo(f"analyzer {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Find the promises a seller made and the hidden engineering work in sales-call transcripts."""


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"  # one self-contained page per call


DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file.", envvar="ANALYZER_DB")]
DEFAULT_DB = Path(store.DEFAULT_DB)


def warn(message: str) -> None:
    """One error line on stderr."""
    Console(stderr=True).print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line on stderr and return the Exit to raise."""
    warn(message)
    return typer.Exit(code)


def open_db(db_path: Path, *, existing: bool = False) -> Database:
    """The migrated database, or exit 1 with one line saying why not.

    Commands that only read (``existing``) never create one: a mistyped
    ``--db`` would otherwise leave a new empty file and report "0 calls".
    """
    if existing and str(db_path) != ":memory:" and not db_path.exists():
        raise fail(f"{db_path}: no such database (`analyzer analyze` creates it; or give --db the right file)")
    try:
        return store.open_db(db_path)
    except AnalyzerError as err:
        raise fail(str(err)) from err
