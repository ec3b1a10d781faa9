"""backcoach exercises [--json]"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

# Parsed without argparse on the fast path (see backcoach.cli.main.fast_arguments).
FAST_OPTIONS = {"--json": "flag"}
FAST_REQUIRED = ()


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the library as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from backcoach.services.exercises import list_exercises

    exercises = list_exercises()
    if args.json:
        from backcoach.cli.io import print_json

        print_json({"exercises": exercises})
        return 0
    from backcoach.cli.render import make_console, render_exercises

    render_exercises(exercises, make_console())
    return 0
