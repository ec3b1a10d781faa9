"""Realistic synthetic catalogues of a physiotherapy channel (for scale tests and the search benchmark).

Each video is drawn from hidden facts (body part, condition, kind, position, audience, exercises,
length), then written up the way such a channel writes: varied titles with synonyms and hooks, chatty
descriptions that mention other things, tags, and chapters for the longer follow-along videos. The facts
are returned beside the records so relevance can be judged without reading the text.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from backcoach.domain.units import clock
from backcoach.knowledge.loader import load_knowledge

BODY_PARTS = {"low_back": 46, "upper_back": 8, "neck": 10, "shoulder": 8, "knee": 9, "hip": 8, "foot_ankle": 6,
              "hand_wrist_elbow": 5}
KINDS = {"stretch": 38, "strengthening": 18, "follow_along": 14, "product_review": 9, "qa": 6, "education": 10,
         "massage": 5}
BACK_CONDITIONS = {"sciatica": 14, "disc": 12, "stenosis": 9, "arthritis": 9, "si_joint": 6, "spondylolisthesis": 4,
                   "pregnancy": 4, "morning_stiffness": 8, "soreness": 7, None: 27}
POSITIONS = {"floor": 45, "bed": 15, "chair": 20, "standing": 20}
CONDITION_WORDS = {
    "sciatica": ["Sciatica", "Sciatic Nerve Pain", "Pinched Nerve", "Leg Pain from the Back", "Sciatica Pain"],
    "disc": ["Herniated Disc", "Bulging Disc", "Slipped Disc", "Disc Herniation", "Bulging Disk"],
    "stenosis": ["Spinal Stenosis", "Lumbar Stenosis", "Stenosis"],
    "arthritis": ["Back Arthritis", "Arthritis in the Back", "Degenerative Disc Disease", "Spine Osteoarthritis"],
    "si_joint": ["SI Joint Pain", "Sacroiliac Joint Pain", "SI Joint Dysfunction"],
    "spondylolisthesis": ["Spondylolisthesis", "a Slipped Vertebra"],
    "pregnancy": ["Pregnancy Back Pain", "Back Pain During Pregnancy", "Prenatal Back Pain"],
    "morning_stiffness": ["Morning Back Stiffness", "a Stiff Back in the Morning", "Morning Back Pain"],
    "soreness": ["a Sore Back After a Workout", "Sore Back Muscles", "Back Soreness After Exercise"],
}
PART_WORDS = {
    "low_back": ["Lower Back Pain", "Low Back Pain", "Back Pain", "Lumbar Pain", "Lower Back"],
    "upper_back": ["Upper Back Pain", "Upper Back Tightness", "Pain Between the Shoulder Blades", "Rhomboid Pain"],
    "neck": ["Neck Pain", "a Stiff Neck", "Neck Tension", "Pain in the Back of the Neck"],
    "shoulder": ["Shoulder Pain", "Rotator Cuff Pain", "a Frozen Shoulder"],
    "knee": ["Knee Pain", "Back of the Knee Pain", "Knee Arthritis", "Pain Behind the Knee"],
    "hip": ["Hip Pain", "Tight Hip Flexors", "Hip Bursitis"],
    "foot_ankle": ["Plantar Fasciitis", "Ankle Pain", "Heel Pain"],
    "hand_wrist_elbow": ["Wrist Pain", "Tennis Elbow", "Carpal Tunnel"],
}
PLACE_WORDS = {"bed": ["in Bed", "You Can Do in Bed", "Before Getting Out of Bed"],
               "chair": ["in a Chair", "Seated", "Sitting in a Chair", "at Your Desk"],
               "standing": ["Standing", "While Standing", "Standing Up"], "floor": ["", "on the Floor", "Lying Down"]}
AUDIENCE_WORDS = {"seniors": ["for Seniors", "for Older Adults", "for the Elderly"],
                  "beginners": ["for Beginners", "Easy", "Gentle"]}
HOOKS = ["", "", "| Ask the PT", "That Actually Work", "- Try This!", "(Physical Therapy)", "for Quick Relief"]
FILLER = ["Remember to breathe and go slowly.", "Let me know in the comments how it goes.",
          "If you have any questions, ask a doctor or physical therapist first.", "Don't forget to subscribe.",
          "These should not hurt; stop if you feel sharp pain.", "I've had lots of requests for this one."]
CONDITION_BIAS = {"stenosis": {"flexion", "neutral", "stretch"}, "sciatica": {"extension", "stretch", "neutral"},
                  "disc": {"extension", "neutral"}, "arthritis": {"strengthen", "flexion", "neutral", "rotation"},
                  "spondylolisthesis": {"flexion", "strengthen", "neutral"}}


@dataclass
class Truth:
    video_id: str
    body_part: str
    kind: str
    condition: str | None
    position: str
    audience: str | None
    exercises: list[str]
    duration: int
    chapters: list[dict[str, Any]] = field(default_factory=list)  # {exercise_id, start_seconds}


def generate(count: int, seed: int = 7) -> list[tuple[dict[str, Any], Truth]]:
    randomness = random.Random(seed)
    exercises = load_knowledge().exercises
    return [_video(randomness, n, exercises) for n in range(count)]


def write_catalog(path: str, count: int, seed: int = 7) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record, _ in generate(count, seed):
            handle.write(json.dumps(record) + "\n")


def _pick(randomness: random.Random, weights: dict[Any, int]) -> Any:
    return randomness.choices(list(weights), weights=list(weights.values()))[0]


def _video(randomness: random.Random, n: int, exercises: Mapping[str, Any]) -> tuple[dict[str, Any], Truth]:
    part = _pick(randomness, BODY_PARTS)
    kind = _pick(randomness, KINDS)
    condition = _pick(randomness, BACK_CONDITIONS) if part == "low_back" and kind != "product_review" else None
    position = _pick(randomness, POSITIONS)
    audience = randomness.choice(["seniors", "beginners", None, None, None, None])
    long_video = kind == "follow_along" or (kind in ("qa", "education") and randomness.random() < 0.5)
    duration = randomness.randint(900, 2700) if long_video else randomness.randint(120, 720)
    video_id = f"syn{n:07d}"
    truth = Truth(video_id, part, kind, condition, position, audience, [], duration)
    chosen = _exercises(randomness, truth, exercises)
    truth.exercises = [e.id for e in chosen]
    chapters = _chapters(randomness, chosen, duration, truth) if long_video and chosen else []
    description = _description(randomness, truth, chosen)
    if chapters and randomness.random() < 0.5:  # many channels only list the chapters in the description
        stamps = [f"{clock(c['start_time'])} {c['title']}" for c in chapters]
        description, chapters = description + "\n\n" + "\n".join(stamps), []
    record = {
        "id": video_id,
        "title": _title(randomness, truth, chosen),
        "description": description,
        "duration": duration,
        "upload_date": _upload_date(randomness),
        "webpage_url": f"https://www.youtube.com/watch?v={video_id}",
        "tags": _tags(randomness, truth, chosen),
        "chapters": chapters or None,
        "view_count": int(randomness.lognormvariate(9, 1.5)),
    }
    return record, truth


def _upload_date(randomness: random.Random) -> str:
    return f"20{randomness.randint(12, 25):02d}{randomness.randint(1, 12):02d}{randomness.randint(1, 28):02d}"


def _exercises(randomness: random.Random, truth: Truth, exercises: Mapping[str, Any]) -> list[Any]:
    part, condition, position, kind = truth.body_part, truth.condition, truth.position, truth.kind
    if part not in ("low_back", "upper_back") or kind in ("product_review", "qa"):
        return []
    region = "upper_back" if part == "upper_back" else "low_back"
    pool = [e for e in exercises.values() if (e.region == region or (region == "low_back" and e.region != "upper_back"))
            and (position in e.places or (position == "floor" and "floor" in e.places))]
    directions = CONDITION_BIAS.get(condition or "")
    if directions:
        pool = [e for e in pool if e.direction in directions] or pool
    if not pool:
        return []
    return randomness.sample(pool, min(len(pool), 5 if kind == "follow_along" else randomness.randint(1, 3)))


def _title(randomness: random.Random, truth: Truth, chosen: list[Any]) -> str:
    subject = randomness.choice(CONDITION_WORDS[truth.condition]) if truth.condition else \
        randomness.choice(PART_WORDS[truth.body_part])
    place = randomness.choice(PLACE_WORDS[truth.position]) if randomness.random() < 0.7 else ""
    who = randomness.choice(AUDIENCE_WORDS[truth.audience]) if truth.audience and randomness.random() < 0.8 else ""
    hook = randomness.choice(HOOKS)
    minutes = max(1, round(truth.duration / 60))
    templates = {
        "stretch": [f"{subject} Stretches {place} {who}", f"Best Stretches for {subject} {place} {who} {hook}",
                    f"{chosen[0].name if chosen else 'Easy Stretch'} for {subject} {who}"],
        "strengthening": [f"{subject}: Strengthening Exercises {place} {who}", f"Core Exercises for {subject} {who}"],
        "follow_along": [f"{minutes} Minute {subject} Routine (Follow Along) {who}",
                         f"Follow Along {subject} Stretch Routine {place} {who}",
                         f"Real-Time {subject} Workout {who}"],
        "product_review": [f"Massage Gun for {subject}? Review", "Is This Back Brace Worth It? Product Review",
                           f"TENS Unit Review for {subject}", "Best Posture Corrector? Honest Review"],
        "qa": [f"{subject} Questions Answered | Live Q&A", f"Your Questions About {subject} (Q&A)"],
        "education": [f"What Causes {subject}?", f"{subject}: Myths and Mistakes to Avoid",
                      f"Top 3 Causes of {subject} {hook}"],
        "massage": [f"Self Massage for {subject} with a Tennis Ball", f"Foam Rolling for {subject} {who}"],
    }
    return " ".join(randomness.choice(templates[truth.kind]).split())


def _description(randomness: random.Random, truth: Truth, chosen: list[Any]) -> str:
    sentences = []
    subject = randomness.choice(CONDITION_WORDS[truth.condition]) if truth.condition else \
        randomness.choice(PART_WORDS[truth.body_part])
    sentences.append(f"In this video I show you how to help {subject.lower()}.")
    for exercise in chosen:
        name = randomness.choice([exercise.name, *exercise.aliases])
        sentences.append(f"Next is the {name.lower()}: {exercise.summary}")
    if truth.position == "bed":
        sentences.append("You can do all of these lying in bed before you get up.")
    elif truth.position == "chair":
        sentences.append("All of these are done sitting in a chair, so no need to get down on the floor.")
    if randomness.random() < 0.3:
        other = randomness.choice(["arthritis", "a herniated disc", "sciatica", "knee pain", "neck pain"])
        sentences.append(f"Some people with {other} find this helps too.")
    sentences.extend(randomness.sample(FILLER, 2))
    return " ".join(sentences)


def _tags(randomness: random.Random, truth: Truth, chosen: list[Any]) -> list[str]:
    tags = [randomness.choice(PART_WORDS[truth.body_part]).lower(), "physical therapy", "ask the pt"]
    if truth.condition:
        tags.append(randomness.choice(CONDITION_WORDS[truth.condition]).lower())
    tags.extend(e.name.lower() for e in chosen[:2])
    if truth.kind == "product_review":
        tags.extend(["product review", "massage gun"])
    return tags


def _chapters(randomness: random.Random, chosen: list[Any], duration: int, truth: Truth) -> list[dict[str, Any]]:
    chapters = [{"title": "Intro", "start_time": 0}]
    slot = (duration - 60) // len(chosen)
    for index, exercise in enumerate(chosen):
        start = 60 + index * slot
        title = randomness.choice([exercise.name, *exercise.aliases[:2]]).title()
        chapters.append({"title": title, "start_time": start})
        truth.chapters.append({"exercise_id": exercise.id, "start_seconds": start})
    return chapters


def truths_as_dicts(pairs: list[tuple[dict[str, Any], Truth]]) -> list[dict[str, Any]]:
    return [asdict(truth) for _, truth in pairs]


def main() -> None:
    """python -m devtools.synthetic_catalog --count N --out FILE [--seed S]: a catalogue for scale tests."""
    import argparse

    parser = argparse.ArgumentParser(description="write a realistic synthetic video catalogue (JSON lines)")
    parser.add_argument("--count", type=int, default=1000, metavar="N")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True, metavar="FILE")
    args = parser.parse_args()
    if not 1 <= args.count <= 1_000_000:
        parser.error("--count must be from 1 to 1000000")
    write_catalog(args.out, args.count, args.seed)
    print(f"Wrote {args.count} synthetic videos to {args.out}")


if __name__ == "__main__":
    main()
