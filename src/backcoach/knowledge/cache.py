"""A pickle cache of the validated knowledge, so the command line starts fast.

The key covers every data and schema file's name, size and modification time plus the package
version: any edit to a knowledge file is validated again on the next load. The cache lives in
``$XDG_CACHE_HOME/backcoach`` (or ``~/.cache/backcoach``), one file per install and version (the salt
names the file), so two checkouts or versions on one machine never evict each other; when the folder
cannot be written, loading simply validates every time.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
FORMAT = "knowledge-v1"


def cache_dir() -> str | None:
    home = os.environ.get("HOME")
    base = os.environ.get("XDG_CACHE_HOME") or (os.path.join(home, ".cache") if home else "")
    return os.path.join(base, "backcoach") if base else None


def cache_file_name(name: str, salt: str) -> str:
    """One file per install and version: the salt names the data folder and the version (a CRC of it: not a
    secret, and hashlib would add its OpenSSL start-up, ~4 ms, to every command)."""
    import zlib

    return f"{name}-{zlib.crc32(salt.encode()):08x}.pickle"


def fingerprint(files: Iterable[str], salt: str) -> str:
    """Names, sizes and modification times of the inputs: changes whenever any input changes."""
    parts = [FORMAT, salt]
    for path in sorted(files):
        stat = os.stat(path)
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def cached(name: str, files: Iterable[str], salt: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache when no input file changed since it was stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    target = os.path.join(folder, cache_file_name(name, salt))
    key = fingerprint(files, salt)
    try:
        with open(target, "rb") as handle:
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            return value  # type: ignore[no-any-return]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, ValueError, TypeError):
        pass
    value = build()
    _store(folder, target, (key, value))
    return value


def _store(folder: str, target: str, entry: object) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    import tempfile

    try:
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(entry, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:
        return
