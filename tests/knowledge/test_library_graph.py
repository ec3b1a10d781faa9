"""The exercise library reviewed like a clinician: every exercise reachable, every chain walkable both ways,
what the programs promise present (balance, graded walking, positions of ease)."""

from __future__ import annotations

from backcoach.knowledge.loader import load_knowledge, load_movement_test

KNOWLEDGE = load_knowledge()
EXERCISES = KNOWLEDGE.exercises


def _roots() -> set[str]:
    """Where a routine can start: programs the selection can pick, pattern additions, care pathways,
    resting positions of the flare-up plan, the movement test."""
    selected = {entry["program"] for entry in KNOWLEDGE.program_selection} | {"positions-of-ease"}
    roots = {item.exercise_id for pid in selected for item in KNOWLEDGE.programs[pid].items}
    roots |= {item.exercise_id for rule in KNOWLEDGE.tag_rules for item in rule.adds}
    roots |= {item["exercise_id"] for p in KNOWLEDGE.pathways.values() for item in p.get("adds", ())}
    flare = KNOWLEDGE.flare_up
    roots |= {e for ids in flare["positions_of_ease"].values() for e in ids}
    roots |= {m["exercise_id"] for d in load_movement_test()["directions"].values() for m in d["methods"]}
    return roots


def test_every_exercise_is_reachable_from_where_routines_start() -> None:
    reached = set(_roots())
    frontier = list(reached)
    while frontier:
        exercise = EXERCISES[frontier.pop()]
        links = [exercise.progresses_to, exercise.regresses_to, *(c.instead for c in exercise.contraindications)]
        for link in links:
            if link and link not in reached:
                reached.add(link)
                frontier.append(link)
    assert set(EXERCISES) - reached == set()


def test_every_step_links_both_ways_and_harder_steps_have_an_easier_one() -> None:
    for exercise in EXERCISES.values():
        if exercise.progresses_to:
            assert EXERCISES[exercise.progresses_to].regresses_to == exercise.id
        if exercise.regresses_to:
            assert EXERCISES[exercise.regresses_to].progresses_to == exercise.id
        if exercise.level > 1:
            assert exercise.regresses_to, f"{exercise.id} is level {exercise.level} with no easier step"


def test_chains_walk_from_first_step_to_last_without_loops() -> None:
    for exercise in EXERCISES.values():
        seen = {exercise.id}
        step = exercise
        while step.progresses_to:
            step = EXERCISES[step.progresses_to]
            assert step.id not in seen, f"loop at {step.id}"
            seen.add(step.id)
    for first, last in [("prone-lying", "prone-press-up"), ("bridge", "bridge-march"),
                        ("lower-trunk-rotation", "lower-trunk-rotation-leg-over"),
                        ("abdominal-bracing", "bird-dog"), ("single-knee-to-chest", "double-knee-to-chest"),
                        ("supported-single-leg-stand", "tandem-stance")]:
        step = EXERCISES[first]
        while step.progresses_to:
            step = EXERCISES[step.progresses_to]
        assert step.id == last


def test_what_the_programs_promise_is_in_the_library() -> None:
    features = {f for e in EXERCISES.values() for f in e.features}
    assert {"balance", "walking", "position_of_ease"} <= features
    assert EXERCISES["interval-walking"].dose_verb == "Walk"
    for bias, ids in KNOWLEDGE.flare_up["positions_of_ease"].items():
        assert ids, bias


def test_cat_cow_carries_its_extension_half() -> None:
    assert EXERCISES["cat-cow"].moves("extension") and EXERCISES["cat-cow"].moves("flexion")
    assert EXERCISES["seated-cat-cow"].moves("extension")


def test_straight_leg_stretches_name_their_bent_knee_alternative() -> None:
    straight = [e for e in EXERCISES.values() if "neural_tension" in e.features]
    assert {e.id for e in straight} >= {"hamstring-stretch", "seated-hamstring-stretch"}
    offered = {c.instead for c in EXERCISES["hamstring-stretch"].contraindications if c.tag == "below_knee_symptoms"}
    assert offered == {"bent-knee-hamstring-stretch"}
    assert "neural_tension" not in EXERCISES["bent-knee-hamstring-stretch"].features
