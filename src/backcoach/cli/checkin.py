"""backcoach checkin --pain N [--leg WHERE] [--psfs ACTIVITY=N ...] [--odi A,B,...] [--red-flag NAME ...] [--json]"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    from backcoach.services.outcomes import LEG_LEVELS, psfs_limit

    parser.add_argument("--pain", metavar="N",
                        help="pain now, 0 (none) to 10 (worst imaginable); without it, the check-in is asked "
                             "question by question")
    parser.add_argument("--leg", metavar="WHERE", help=f"how far leg symptoms reach: {', '.join(LEG_LEVELS)}")
    parser.add_argument("--psfs", action="append", metavar="ACTIVITY=N",
                        help="an activity you find hard and how well you can do it, 0 (unable) to 10 (as before); "
                             f"up to {psfs_limit()}, e.g. --psfs 'sitting 30 min=4'")
    parser.add_argument("--odi", metavar="A,B,...",
                        help="the 10 Oswestry sections, each 0-5 (leave one empty to skip it), e.g. 2,1,3,2,1,,2,1,0,1")
    parser.add_argument("--leg-kinds", metavar="A,B", dest="leg_kinds",
                        help="what you feel in the leg: pain, numbness, tingling, cramping, weakness, heaviness")
    parser.add_argument("--red-flag", action="append", metavar="NAME", dest="red_flag",
                        help="a warning sign that has appeared, by its intake name (e.g. saddle_numbness); it is "
                             "screened with the intake's rules, and exercise stops until a clinician has seen you "
                             "when it calls for that")
    parser.add_argument("--json", action="store_true", help="print the check-in and the program review as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from backcoach.cli.io import print_json
    from backcoach.cli.local import local

    if args.pain is None:
        from rich.console import Console

        from backcoach.cli.checkin_prompts import ask_checkin

        answers = ask_checkin(Console(stderr=args.json, highlight=False))
    else:
        answers = answers_from_arguments(args)
    result = local().programs.checkin(answers)
    if args.json:
        print_json(result)
        return 0
    from backcoach.cli.render import make_console
    from backcoach.cli.render_progress import render_checkin

    render_checkin(result, make_console())
    return 0


def answers_from_arguments(args: argparse.Namespace) -> dict[str, Any]:
    """The check-in as the service takes it; a malformed option raises InvalidInput naming it."""
    answers: dict[str, Any] = {"pain_now": _whole(args.pain, "--pain")}
    if args.leg is not None:
        answers["leg_symptoms"] = args.leg
    if args.psfs:
        answers["psfs"] = dict(_activity(item) for item in args.psfs)  # how many: checkin.schema.json
    if args.odi is not None:
        answers["odi_answers"] = [None if part.strip() == "" else _whole(part, "--odi") for part in args.odi.split(",")]
    if args.leg_kinds:
        answers["leg_symptom_kinds"] = [kind.strip() for kind in args.leg_kinds.split(",") if kind.strip()]
    if args.red_flag:
        answers["red_flags"] = {name: True for name in args.red_flag}
    return answers


def _whole(raw: str, option: str) -> int:
    from backcoach.errors import InvalidInput

    try:
        return int(raw.strip())
    except ValueError:
        raise InvalidInput(option, f"must be a whole number, got {raw!r}") from None


def _activity(item: str) -> tuple[str, int]:
    from backcoach.errors import InvalidInput

    name, sep, rating = item.rpartition("=")
    if not sep or not name.strip():
        raise InvalidInput("--psfs", f"must look like ACTIVITY=N, got {item!r}")
    return name.strip(), _whole(rating, "--psfs")
