"""backcoach restore FILE: put back a backup made by `backcoach backup` (the database it replaces is kept)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a backup made by `backcoach backup`")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from backcoach.cli.local import application
    from backcoach.services.backup import restore

    done = restore(application().settings.effective_database_url, Path(args.file))
    print(f"Restored the database from {done['restored_from']}.")
    if done["previous_kept_as"]:
        print(f"The database it replaced is kept as {done['previous_kept_as']}.")
    return 0
