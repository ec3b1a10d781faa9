"""backcoach clearance [--assessed-on DATE] [--said TEXT] [--json]: record that a clinician assessed you,
which lifts the safety stops that began on or before that day (without options, it asks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--assessed-on", metavar="DATE", help="the day a doctor or physiotherapist assessed you "
                                                              "(YYYY-MM-DD; today when left out)")
    parser.add_argument("--said", metavar="TEXT", help="what they told you, in a few words")
    parser.add_argument("--json", action="store_true", help="print the stops cleared and those still active")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from backcoach.cli.io import print_json
    from backcoach.cli.local import local

    person = local()
    active = person.care.active()
    if not active and not args.json:
        print("Nothing to clear: exercise is not stopped.")
        return 0
    said = args.said if args.said is not None else _ask(active)
    result = person.care.clear(args.assessed_on, said, note_field="--said")
    if args.json:
        print_json(result)
        return 0
    for hold in result["cleared"]:
        print(f"Cleared the stop of {hold['created_at'][:10]} ({hold['level'].replace('_', ' ')}).")
    for hold in result["still_active"]:
        print(f"Still stopped: the stop of {hold['created_at'][:10]} began after that assessment.")
    if not result["still_active"]:
        print("You can exercise again: start gently with `backcoach session run`.")
    return 0


def _ask(active: list[dict[str, object]]) -> str:
    from rich.prompt import Prompt

    from backcoach.errors import InvalidInput

    for hold in active:
        triage = hold["triage"]
        assert isinstance(triage, dict)
        print(f"Stopped since {str(hold['created_at'])[:10]}: {triage['headline']}")
    try:
        return Prompt.ask("What did the doctor or physiotherapist tell you?").strip()
    except EOFError:
        raise InvalidInput("--said", "say what the clinician told you") from None
