"""The check-in asked in plain words (Rich prompts; works on a terminal or a pipe): pain, leg symptoms,
up to 3 activities (PSFS), the 10 Oswestry sections, and new warning signs."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.prompt import Confirm, IntPrompt, Prompt

from backcoach.errors import InvalidInput
from backcoach.services.outcomes import LEG_LEVELS

# History (cancer, steroids, ...) does not change between check-ins; these are the ones that can appear.
NEW_WARNING_SIGNS = (
    "saddle_numbness", "bladder_or_bowel_change", "sexual_dysfunction_new", "leg_weakness_getting_worse",
    "numbness_both_legs", "fever_or_chills", "feeling_unwell_generally", "unexplained_weight_loss",
    "constant_night_pain", "recent_significant_trauma", "pulsating_abdominal_pain", "chest_pain_or_breathlessness",
)
MAX_ACTIVITIES = 3


def ask_checkin(console: Console) -> dict[str, Any]:
    try:
        answers: dict[str, Any] = {
            "pain_now": IntPrompt.ask("Pain right now, 0 (none) to 10 (worst imaginable)", console=console,
                                      choices=[str(n) for n in range(11)], show_choices=False),
            "leg_symptoms": Prompt.ask("How far down your leg do pain, tingling or numbness reach?", console=console,
                                       choices=list(LEG_LEVELS), default="none"),
        }
        if activities := _activities(console):
            answers["psfs"] = activities
        if Confirm.ask("Answer the 10 Oswestry questions about daily life? (about two minutes)", console=console,
                       default=True):
            answers["odi_answers"] = _oswestry(console)
        if flags := _warning_signs(console):
            answers["red_flags"] = flags
    except EOFError:
        raise InvalidInput("checkin", "the input ended before the check-in was complete") from None
    return answers


def _activities(console: Console) -> dict[str, int]:
    console.print("Name up to 3 activities your back makes hard (press Enter when done).", style="dim")
    found: dict[str, int] = {}
    while len(found) < MAX_ACTIVITIES:
        name = Prompt.ask(f"Activity {len(found) + 1}", console=console, default="").strip()
        if not name:
            break
        found[name] = IntPrompt.ask(f"How well can you do '{name}' now? 0 (unable) to 10 (as before)",
                                    console=console, choices=[str(n) for n in range(11)], show_choices=False)
    return found


def _oswestry(console: Console) -> list[int | None]:
    from backcoach.knowledge.loader import load_oswestry

    answers: list[int | None] = []
    for number, section in enumerate(load_oswestry(), start=1):
        console.print(f"\n[bold]{number}. {section['title']}[/bold]")
        for level, text in enumerate(section["levels"]):
            console.print(f"  {level}  {text}")
        choice = Prompt.ask("Which fits best today? (Enter to skip)", console=console,
                            choices=["0", "1", "2", "3", "4", "5", ""], show_choices=False, default="")
        answers.append(int(choice) if choice else None)
    return answers


def _warning_signs(console: Console) -> dict[str, bool]:
    from backcoach.knowledge.questions import questions

    if not Confirm.ask("\nSince your last check-in, has any new warning sign appeared (for example numbness when "
                       "you wipe, bladder or bowel changes, weakness getting worse, fever)?", console=console,
                       default=False):
        return {}
    texts = {q.id.removeprefix("red_flags."): q.text for q in questions() if q.id.startswith("red_flags.")}
    return {name: True for name in NEW_WARNING_SIGNS
            if name in texts and Confirm.ask(texts[name], console=console, default=False)}
