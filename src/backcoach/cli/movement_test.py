"""backcoach movement-test [--answers FILE] [--json]: the guided repeated-movement test in the terminal.

For each direction the person can safely do: where the symptoms are before, 10 slow repetitions (a
check halfway for spreading, which stops the test at once), where they are after. The result is kept,
shown, and with --answers written into the answers file so that the plan leans on what helped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from rich.console import Console

LEG_WORDS = {"none": "only in my back, or nowhere", "buttock": "into the buttock", "above_knee": "down the thigh",
             "below_knee": "below the knee", "foot": "into the foot"}
QUICK_CHECK = ("red_flags.saddle_numbness", "red_flags.bladder_or_bowel_change", "red_flags.leg_weakness_getting_worse")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--answers", metavar="FILE", help="your intake answers: the test fits them, and its result "
                                                          "is written into them (repeated_movement_response)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json

    from rich.console import Console

    from backcoach.cli.io import print_json, read_text_argument
    from backcoach.cli.local import local
    from backcoach.services.planning import parse_json, validate_answers

    console = Console(stderr=args.json, highlight=False)
    person = local()
    person.care.require_clear()
    answers: dict[str, Any] | None = None
    if args.answers:
        answers = validate_answers(parse_json(read_text_argument(args.answers, "--answers"), "--answers"))
    if not _quick_screen(console):
        return 3
    results = guide(console, answers, record=person.movement_tests.record)
    if args.answers and answers is not None and results:
        answers["repeated_movement_response"] = {**answers.get("repeated_movement_response", {}),
                                                 **{d: r["response"] for d, r in results.items()}}
        with open(args.answers, "w", encoding="utf-8") as handle:
            json.dump(answers, handle, indent=2)
        console.print(f"Saved into {args.answers}: run `backcoach plan --answers {args.answers}` for your plan.")
    if args.json:
        print_json({"results": list(results.values())})
    return 0


def _quick_screen(console: Console) -> bool:
    """Three warning signs asked before any testing; a yes ends it with the intake's own triage."""
    from rich.prompt import Confirm

    from backcoach.knowledge.questions import questions
    from backcoach.services.care import retriage

    asked = {q.id: q for q in questions()}
    flags = {qid.removeprefix("red_flags."): True for qid in QUICK_CHECK if _confirm(Confirm, console, asked[qid].text)}
    if not flags:
        return True
    triage = retriage(None, {"red_flags": flags})
    from backcoach.cli.render import render_triage_panel

    render_triage_panel(triage, console)
    return False


def _confirm(confirm: Any, console: Console, text: str) -> bool:
    from backcoach.errors import InvalidInput

    try:
        return bool(confirm.ask(text, console=console))
    except EOFError:
        raise InvalidInput("movement-test", "the input ended before the warning-sign questions were answered") from None


def guide(console: Console, answers: dict[str, Any] | None, record: Any = None) -> dict[str, dict[str, Any]]:
    """Run the test for each direction the person can do and agrees to; the scored results by direction."""
    from rich.prompt import Confirm

    from backcoach.services.movement import DIRECTIONS, protocol, score

    test = protocol(answers)
    console.print(test["intro"])
    console.print("Stop at once if you notice: " + " ".join(test["stop_if"]), style="yellow")
    results: dict[str, dict[str, Any]] = {}
    for direction in DIRECTIONS:
        spec = test["directions"][direction]
        method = spec["method"]
        if method is None:
            console.print(f"The {spec['name']} check is left out: none of its ways suits what you told us.",
                          style="dim")
            continue
        if not Confirm.ask(f"Do the {spec['name']} check now ({method['name']})?", console=console, default=True):
            continue
        before = _symptoms(console, "before you start")
        done, spreading = _repetitions(console, method, test["reps"], test["check_after"])
        after = _symptoms(console, "now")
        result = score(direction, before, after, stopped_spreading=spreading, reps_done=done)
        if record is not None:
            result = record(result, method["method"])
        results[direction] = result
        console.print(_outcome(spec["name"], result["response"]), style="bold")
    return results


def _repetitions(console: Console, method: dict[str, Any], reps: int, check_after: int) -> tuple[int, bool]:
    from rich.prompt import Confirm, Prompt

    for line in method["instructions"]:
        console.print(f"  • {line}")
    for number in range(1, reps + 1):
        typed = Prompt.ask(f"Repetition {number} of {reps}: press Enter when done (s if symptoms spread)",
                           console=console, default="", show_default=False)
        if typed.strip().lower().startswith("s"):
            return number, True
        if number == check_after and Confirm.ask("Are your symptoms spreading further down your leg?",
                                                 console=console, default=False):
            return number, True
    return reps, False


def _symptoms(console: Console, when: str) -> dict[str, Any]:
    from rich.prompt import IntPrompt, Prompt

    from backcoach.domain.legs import LEG_ORDER

    for number, level in enumerate(LEG_ORDER, start=1):
        console.print(f"  {number}. {LEG_WORDS[level]}")
    pick = Prompt.ask(f"Where do you feel symptoms {when}?", console=console,
                      choices=[str(n) for n in range(1, len(LEG_ORDER) + 1)], show_choices=False)
    back = IntPrompt.ask(f"Back pain {when}, 0-10", console=console, choices=[str(n) for n in range(11)],
                         show_choices=False)
    return {"leg": LEG_ORDER[int(pick) - 1], "back_pain": back}


def _outcome(name: str, response: str) -> str:
    return {
        "centralized": f"After {name}, your leg symptoms moved up toward your back: this direction helps you.",
        "peripheralized": f"{name.capitalize()} sent symptoms further down your leg: your plan leaves it out.",
        "better_in_back_only": f"{name.capitalize()} eased your back pain.",
        "worse_in_back_only": f"{name.capitalize()} made only your back hurt more.",
    }.get(response, f"{name.capitalize()} made no clear difference.")
