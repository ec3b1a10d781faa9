"""Understanding videos with the knowledge base's vocabulary."""

from __future__ import annotations

import pytest

from backcoach.catalog.importer import Chapter, VideoRecord
from backcoach.catalog.tagger import analyze
from backcoach.catalog.vocabulary import vocabulary


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("Back of the Knee Pain? Try These", {"knee"}, {"low_back"}),
    ("Pain in the back of the neck", {"neck"}, {"low_back"}),
    ("Upper Back Pain Stretches", {"upper_back"}, {"low_back"}),
    ("Lower back pain: knee to chest stretch", {"low_back", "single-knee-to-chest"}, {"knee"}),
    ("Pinched nerve down my leg", {"sciatica"}, set()),
    ("Slipped disk or bulging disc?", {"disc"}, set()),
    ("Seated stretches you can do in a chair", {"chair"}, set()),
    ("Before getting out of bed", {"bed"}, set()),
    ("When I stand up in the morning", {"morning_stiffness"}, {"standing"}),
    ("Marching bridge", {"bridge-march"}, {"bridge"}),
    ("Cobra and sphinx pose", {"prone-press-up", "prone-on-elbows"}, set()),
    ("Massage Gun Review", {"product_review"}, set()),
    ("Live Q&A: your questions", {"qa"}, set()),
])
def test_vocabulary(text: str, present: set[str], absent: set[str]) -> None:
    found = set(vocabulary().match(text))
    assert present <= found
    assert not absent & found


def test_a_video_and_its_chapters_are_tagged() -> None:
    record = VideoRecord("v1", "30 Minute Sciatica Routine for Seniors (Follow Along)",
                         "Do it with me. Great for a herniated disc too.", 1800, tags=("sciatica", "seniors"),
                         chapters=(Chapter("Intro", 0), Chapter("Prone press up", 60), Chapter("Seated twist", 900)))
    tags = analyze(record)
    assert tags["body_parts"] == ["low_back"]  # implied by sciatica
    assert set(tags["conditions"]) == {"sciatica", "disc"}
    assert {"follow_along"} <= set(tags["kinds"]) and tags["audience"] == ["seniors"]
    assert tags["length"] == "long"
    press_up = tags["chapters"][1]
    assert (press_up["exercises"], press_up["start_seconds"], press_up["end_seconds"]) == (["prone-press-up"], 60, 900)
    assert press_up["directions"] == ["extension"]
    assert tags["chapters"][2]["positions"] == ["chair"]


def test_a_passing_mention_of_questions_does_not_make_a_q_and_a() -> None:
    record = VideoRecord("v2", "Sciatica Stretches", "If you have questions, ask your doctor.")
    assert "qa" not in analyze(record)["kinds"]


@pytest.mark.parametrize(("title", "explains"), [
    ("Is Cycling Good for a Sore Back?", True),
    ("Foam Roller or Massage Ball?", True),
    ("Should You Stretch a Disc Bulge?", True),
    ("Stiff Hips? Follow Along Routine", False),
    ("Can't Bend Forward? Three Stretches", False),
    ("Is Cycling Good for a Sore Back", False),  # not asked: no question mark
])
def test_a_title_that_asks_a_question_is_an_explainer(title: str, explains: bool) -> None:
    assert ("education" in analyze(VideoRecord("v3", title))["kinds"]) is explains
