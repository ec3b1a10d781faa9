"""backcoach plan --answers FILE|- [--json]"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

# Parsed without argparse on the fast path (see backcoach.cli.main.fast_arguments).
FAST_OPTIONS = {"--answers": "value", "--json": "flag"}
FAST_REQUIRED = ("answers",)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--answers", required=True, metavar="FILE|-", help="intake answers as JSON (- for stdin)")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON (plan.schema.json)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from backcoach.cli.io import print_json, read_text_argument
    from backcoach.services.planning import build_plan, parse_json

    text = read_text_argument(args.answers, "--answers")
    plan = build_plan(parse_json(text, "--answers"))
    if args.json:
        print_json(plan)
        return 0
    from backcoach.cli.render import make_console, render_plan

    render_plan(plan, make_console())
    return 0
