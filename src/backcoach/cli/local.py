"""The command line's application (built once by the composition root) and the person using it."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backcoach.bootstrap import Application, Person


@cache
def application() -> Application:
    """The application of this command-line process (one per process; the process's end closes it)."""
    from backcoach.bootstrap import bootstrap

    return bootstrap()


def local() -> Person:
    """The person using the command line on this machine."""
    return application().local_person()
