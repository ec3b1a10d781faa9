"""SQLite's online backup API: a consistent copy of a live database (writers keep writing), and a restore
into a live database. The only module that opens SQLite files directly."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from backcoach.errors import InvalidInput, StorageCorrupt

PAGES_PER_STEP = 256  # copy in small steps so writers are held up only briefly


def healthy(path: Path) -> None:
    """A readable SQLite database that passes the quick check and has BackCoach's schema."""
    if not path.is_file():
        raise InvalidInput(str(path), "no such file")
    try:
        with closing(_open(path, read_only=True)) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise StorageCorrupt(f"{path} is not a usable BackCoach database ({error})") from None
    if problems != ["ok"]:
        raise StorageCorrupt(f"{path} is damaged ({'; '.join(map(str, problems))})")
    if "alembic_version" not in tables or "users" not in tables:
        raise InvalidInput(str(path), "is an SQLite database but not a BackCoach one")


def copy(source: Path, target: Path) -> int:
    """Copy ``source`` into ``target`` page by page while others keep using it; the number of pages."""
    with closing(_open(source, read_only=True)) as origin, closing(_open(target)) as destination:
        origin.backup(destination, pages=PAGES_PER_STEP)
        return int(destination.execute("PRAGMA page_count").fetchone()[0])


def _open(path: Path, read_only: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    connection = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection
