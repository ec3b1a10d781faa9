"""backcoach plan --answers FILE|- [--json]"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

# Parsed without argparse on the fast path (see backcoach.cli.main.fast_arguments).
FAST_OPTIONS = {"--answers": "value", "--json": "flag", "--save": "flag"}
FAST_REQUIRED = ("answers",)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--answers", required=True, metavar="FILE|-", help="intake answers as JSON (- for stdin)")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON (plan.schema.json)")
    parser.add_argument("--save", action="store_true",
                        help="keep the plan as your current program (for `backcoach session run`)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from backcoach.cli.io import print_json, read_text_argument
    from backcoach.services.planning import parse_json, plan_for

    text = read_text_argument(args.answers, "--answers")
    plan = plan_for(parse_json(text, "--answers"))
    if args.save:
        save_program(plan)
    if args.json:
        print_json(plan)
        return 0
    from backcoach.cli.render import make_console, render_plan

    render_plan(plan, make_console())
    return 0


def save_program(plan: dict[str, Any]) -> None:
    """Keep a plan with exercises as the local user's program; say so on stderr (stdout may be JSON)."""
    import sys

    from backcoach.cli.local import local

    person = local()
    if not plan["routine"]:
        if person.care.hold_from_plan(plan):
            print("Exercise is stopped until a clinician has assessed you: `backcoach session run` will refuse "
                  "until then (`backcoach clearance` records the assessment).", file=sys.stderr)
        print("This plan has no exercises to practise, so it was not saved as a program.", file=sys.stderr)
        return
    person.programs.adopt(plan, reason="from your intake answers")
    if plan["triage"]["level"] != "self_care_ok":
        print("Saved, with exercise stopped until a clinician has assessed you (`backcoach clearance` records "
              "it); the resting positions are yours to use meanwhile.", file=sys.stderr)
        return
    print("Saved as your program: start it with `backcoach session run`.", file=sys.stderr)
