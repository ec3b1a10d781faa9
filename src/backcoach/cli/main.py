"""Entry point of the ``backcoach`` command.

Start-up time matters (``backcoach plan --json`` is meant to cost little more than starting Python),
so this module imports almost nothing: a command's module is imported only when that command runs,
and a command that declares its options in ``FAST_OPTIONS`` is parsed without argparse when the
arguments are plain ``--flag`` / ``--option VALUE`` pairs. Anything else (help, mistakes, unusual
forms) goes through argparse, which prints the one-line error.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from backcoach.errors import BackCoachError

if TYPE_CHECKING:
    import argparse

Handler = Callable[[Any], int]

# command name -> (module under backcoach.cli, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "plan": ("plan", "intake answers -> triage and an explained, dosed routine"),
    "exercises": ("exercises", "the exercise library"),
    "intake": ("intake", "answer the intake questions in the terminal and get your plan"),
    "session": ("session", "guided sessions: run today's program live, or replay a script of events"),
    "checkin": ("checkin", "record how you are today: pain, leg symptoms, activities, Oswestry, warning signs"),
    "clearance": ("clearance", "record that a clinician assessed you, to lift a safety stop"),
    "movement-test": ("movement_test", "the guided repeated-movement test: which direction helps your symptoms"),
    "progress": ("progress", "pain and function over time, and your program's level"),
    "videos": ("videos", "the video catalogue: import, search, recommendations for your plan"),
    "analyze": ("analyze", "camera form check of an exercise on a recorded video (the camera extra)"),
    "users": ("users", "accounts for the web app: patients and clinicians"),
    "serve": ("serve", "serve the web app"),
    "backup": ("backup", "a consistent, checked copy of the SQLite database, even while the app runs"),
    "restore": ("restore", "put back a backup (the database it replaces is kept beside it)"),
}


class CommandModule(Protocol):
    def configure(self, parser: argparse.ArgumentParser) -> None: ...


def _command_module(module_name: str) -> Any:
    return importlib.import_module(f"backcoach.cli.{module_name}")


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The argparse parser; only the command being run is configured (and its module imported)."""
    import argparse

    class OneLineParser(argparse.ArgumentParser):
        """Errors are one line on stderr and exit status 2."""

        def error(self, message: str) -> NoReturn:
            self.exit(2, f"{self.prog}: error: {message}\n")

    parser = OneLineParser(prog="backcoach", description="BackCoach: back-pain relief coach.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    for name, (module_name, help_text) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            _command_module(module_name).configure(sub)
    return parser


def fast_arguments(arguments: Sequence[str]) -> SimpleNamespace | None:
    """Parse ``COMMAND --option VALUE --flag`` without argparse, for commands that declare FAST_OPTIONS
    (option -> "value" or "flag"). Returns None, so that argparse takes over, for anything else."""
    if not arguments or arguments[0] not in COMMANDS:
        return None
    module = _command_module(COMMANDS[arguments[0]][0])
    options: Mapping[str, str] = getattr(module, "FAST_OPTIONS", {})
    values: dict[str, object] = {_dest(o): False for o, kind in options.items() if kind == "flag"}
    rest = list(arguments[1:])
    while rest:
        option = rest.pop(0)
        kind = options.get(option)
        if kind == "flag":
            values[_dest(option)] = True
        elif kind == "value" and rest:
            values[_dest(option)] = rest.pop(0)
        else:
            return None
    if not options or any(dest not in values for dest in getattr(module, "FAST_REQUIRED", ())):
        return None
    return SimpleNamespace(command=arguments[0], version=False, handler=module.run, **values)


def _dest(option: str) -> str:
    return option.lstrip("-").replace("-", "_")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args: Any = fast_arguments(arguments)
    if args is None:
        parser = build_parser(arguments)
        args = parser.parse_args(arguments)
        if args.version:
            from backcoach import __version__

            print(__version__)
            return 0
        if not args.command:
            parser.print_help()
            return 2
    handler: Handler = args.handler
    return run_guarded(handler, args)


def run_guarded(handler: Handler, args: Any) -> int:
    """Run a command; map BackCoach errors to their exit codes with one line on stderr."""
    try:
        return handler(args)
    except BackCoachError as error:
        print(f"backcoach: error: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("backcoach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:
        if os.environ.get("BACKCOACH_DEBUG"):
            raise
        print(f"backcoach: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


def entry() -> NoReturn:
    sys.exit(main())


if __name__ == "__main__":
    entry()
