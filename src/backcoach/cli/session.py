"""backcoach session replay --plan FILE --events FILE --json"""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="session_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    replay = actions.add_parser("replay", help="run the session engine on a script of timed events")
    replay.add_argument("--plan", required=True, metavar="FILE", help="a plan (plan.schema.json), - for stdin")
    replay.add_argument("--events", required=True, metavar="FILE", help="JSON lines of session events")
    replay.add_argument("--json", action="store_true", help="print the timeline as JSON (the default)")
    replay.set_defaults(handler=run_replay)


def run_replay(args: argparse.Namespace) -> int:
    from backcoach.cli.io import print_json, read_text_argument
    from backcoach.errors import InvalidInput
    from backcoach.services.planning import parse_json
    from backcoach.services.session_replay import parse_events, replay

    if args.plan == "-" and args.events == "-":
        raise InvalidInput("--events", "only one of --plan and --events can read standard input")
    plan = parse_json(read_text_argument(args.plan, "--plan"), "--plan")
    events = parse_events(read_text_argument(args.events, "--events").splitlines(), "--events")
    print_json(replay(plan, events, argument="--plan"))
    return 0
