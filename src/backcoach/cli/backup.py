"""backcoach backup FILE: a consistent, checked copy of the SQLite database, even while the app runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the new file to write the copy to")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from backcoach.cli.local import application
    from backcoach.services.backup import backup

    made = backup(application().settings.effective_database_url, Path(args.file))
    print(f"Backed up the database to {made['file']} ({made['bytes'] / 1e6:.1f} MB, checked).")
    return 0
