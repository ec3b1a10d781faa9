"""The terminal renderers, in-process at a fixed width (a Rich console recording to a string)."""

from __future__ import annotations

from rich.console import Console

from backcoach.cli.render import render_plan
from backcoach.cli.render_progress import render_checkin, render_review
from backcoach.services.planning import build_plan
from devtools.answers import complete


def shown(draw: object, *args: object) -> str:
    console = Console(width=100, record=True, color_system=None)
    draw(*args, console)  # type: ignore[operator]
    return console.export_text()


def test_a_self_care_plan_shows_its_routine_flare_up_plan_and_lessons() -> None:
    plan = build_plan(complete({"age": 38, "pain_now": 5, "leg_symptoms": "below_knee",
                                "repeated_movement_response": {"extension": "centralized"}}))
    text = shown(render_plan, plan)
    assert "SAFE TO START" in text and "Prone lying" in text and "6 times a day" in text
    assert "If it flares up" in text and "Worth knowing" in text and "Left out, and why" in text


def test_an_emergency_plan_shows_only_the_care_to_seek() -> None:
    plan = build_plan(complete({"age": 50, "pain_now": 6, "red_flags": {"saddle_numbness": True}}))
    text = shown(render_plan, plan)
    assert text.lstrip().splitlines()[0].count("EMERGENCY") == 1
    assert "You told us about numbness around your genitals" in text
    for exercise_words in ("Cues:", "should not hurt", "If it flares up", "Worth knowing"):
        assert exercise_words not in text


def test_a_review_says_each_cause_once_then_each_change() -> None:
    review = {"reasons": [{"code": "regress_on_pain_rise", "message": "Your pain rose by 2 points."}],
              "changes": [{"action": "regress", "message": "Bridge: fewer repetitions (10 becomes 5)."},
                          {"action": "regress", "message": "Prone on elbows steps back to Prone lying."}],
              "advice": [{"code": "centralizing", "message": "Your leg symptoms moved up: good progress."}],
              "stop": True}
    text = shown(render_review, review)
    assert text.count("Your pain rose by 2 points.") == 1 and "↓ Bridge: fewer repetitions" in text
    assert "good progress" in text and "backcoach clearance" in text


def test_a_check_in_with_a_warning_sign_shows_the_intakes_panel() -> None:
    triage = build_plan(complete({"age": 50, "pain_now": 6, "red_flags": {"bladder_or_bowel_change": True}}))["triage"]
    result = {"checkin": {"pain_now": 6, "leg_symptoms": "none"}, "triage": triage,
              "review": {"reasons": [], "changes": [], "advice": [], "stop": True},
              "lesson": {"title": "When to get help", "summary": "A few rare signs need urgent care."}}
    text = shown(render_checkin, result)
    assert "Check-in saved: pain 6/10" in text and "EMERGENCY" in text and "Worth knowing today" in text
