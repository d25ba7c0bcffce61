"""The routine walked from the safety note to the summary, with hand-made poses on a fake clock."""

import pytest

from kiosk.coach.exercise_library import built_in, parse_library
from kiosk.coach.routine import ACTIVE, REST, SAFETY, SETUP, SUMMARY, RoutineRun
from kiosk.coach.session import Coach
from kiosk.coach.summary import NOISE_FPPA_DEG

from .floor_motion import bridges, half_kneel
from .motion import Person, Rep, squats, stand

SHORT = """
[[exercise]]
id = "glute_bridge"
name = "Glute bridge"
kind = "activation"
facing = "side"
tracker = "bridge"
setup = "Lie on your back side-on to the mirror, knees bent"
points = ["Squeeze your glutes to lift", "Pause at the top"]
reps = 2
checks = ["hip_extension", "top_hold"]

[[routine]]
id = "short"
name = "Short"
check = "squat"
check_reps = 2
rest_seconds = 3
exercises = ["glute_bridge", "hip_flexor_stretch"]
"""


def feed(run, frames):
    return [run.update(pose, t) for t, pose in frames]


class Clock:
    """The fake clock: every frame sequence starts where the last one ended."""

    def __init__(self):
        self.t = 0.0

    def take(self, frames):
        self.t = frames[-1][0] + 1 / 30
        return frames


def squat_set(clock, reps, person=None):
    person = person or Person(noise=1.0)
    frames = clock.take(stand(person, 1.5, clock.t))
    return frames + clock.take(squats(person, reps, clock.t))


def test_a_short_routine_from_safety_to_summary():
    library = parse_library(SHORT, "short.toml", built_in())
    run = RoutineRun(library.routine("short"), library, safety_seconds=15)
    clock = Clock()

    states = feed(run, clock.take(stand(Person(), 2.0, 0.0)))
    assert {s.screen for s in states} == {SAFETY} and "medical professional" in states[-1].safety
    run.acknowledge()

    # The opening check waits, side-on, until the person faces the mirror: no button.
    states = feed(run, clock.take(stand(Person(facing="side"), 3.0, clock.t)))
    assert {s.screen for s in states} == {SETUP} and states[-1].role == "check"
    assert states[-1].cue == "Turn to face the mirror"
    caving = Rep(left_knee_in=0.15)
    states = feed(run, squat_set(clock, [caving, caving]))
    assert ACTIVE in {s.screen for s in states}
    assert states[-1].screen == REST and states[-1].next_exercise.id == "glute_bridge"

    # The rest counts down, then the bridge waits for a side-on person lying down.
    rest = feed(run, clock.take(bridges([(0.0, 0.0)], clock.t, seconds=3.5, rest=0.1)))
    countdowns = [s.countdown for s in rest if s.screen == REST]
    assert countdowns[0] == 3 and countdowns[-1] == 1 and countdowns == sorted(countdowns, reverse=True)
    assert rest[-1].screen in (SETUP, ACTIVE) and rest[-1].exercise.id == "glute_bridge"
    states = feed(run, clock.take(bridges([(1.0, 0.3)] * 2, clock.t)))
    assert states[-1].screen == REST
    assert run.records[-1].done == {"both": 2}

    # Skip the rest, then the stretch (it is recorded as skipped).
    run.skip()
    states = feed(run, clock.take([(clock.t, half_kneel(clock.t))]))
    assert states[-1].screen == SETUP and states[-1].exercise.id == "hip_flexor_stretch"
    run.skip()
    feed(run, clock.take(stand(Person(), 3.2, clock.t)))

    states = feed(run, squat_set(clock, [Rep(), Rep()]))
    assert states[-1].screen == SUMMARY
    summary = states[-1].summary
    assert [(e.name, e.skipped) for e in summary.exercises] == [
        ("Check: Squat", False), ("Glute bridge", False),
        ("Hip flexor stretch", True), ("Retest: Squat", False),
    ]  # fmt: skip
    assert [e.target for e in summary.exercises] == [2, 2, 30, 2]
    left, right = summary.retest
    assert left.change < -NOISE_FPPA_DEG and left.beyond_noise and "more than measurement noise" in left.text
    assert not right.beyond_noise and "within measurement noise" in right.text
    assert summary.most_common_fault == "left_knee_in" and summary.asymmetry == {"left": 2, "right": 0}
    assert summary.advice.startswith("Knees caving in points to the glutes")
    check = summary.exercises[0]
    assert check.good_share == 0.0 and summary.exercises[-1].good_share == 1.0


def test_a_finished_exercise_can_be_redone_with_back():
    library = parse_library(SHORT, "short.toml", built_in())
    run = RoutineRun(library.routine("short"), library, safety_seconds=0.5)
    clock = Clock()
    feed(run, clock.take(stand(Person(), 1.0, 0.0)))
    states = feed(run, squat_set(clock, [Rep(), Rep()]))
    assert states[-1].screen == REST and len(run.records) == 1
    run.back()
    states = feed(run, clock.take(stand(Person(), 0.5, clock.t)))
    assert states[-1].role == "check" and states[-1].screen in (SETUP, ACTIVE) and run.records == []


def test_help_shows_the_safety_note_and_pauses_the_rest():
    library = parse_library(SHORT, "short.toml", built_in())
    run = RoutineRun(library.routine("short"), library, safety_seconds=20)
    clock = Clock()
    run.acknowledge()
    feed(run, squat_set(clock, [Rep(), Rep()]))
    run.help()
    states = feed(run, clock.take(stand(Person(), 10.0, clock.t)))
    assert {s.screen for s in states} == {SAFETY}
    run.acknowledge()
    states = feed(run, clock.take(stand(Person(), 1.0, clock.t)))
    assert states[-1].screen == REST  # the 3 s rest did not run out while the note was up


@pytest.mark.parametrize(
    ("exercise_id", "person", "cue"),
    [
        ("glute_bridge", Person(), "Turn side-on to the mirror"),
        ("squat", Person(facing="side"), "Turn to face the mirror"),
        ("squat", None, "Step in front of the mirror"),
        ("squat", Person(hip_y=500), "Step back so your feet are in view"),
        ("squat", Person(), None),
    ],
)
def test_setup_says_what_keeps_the_person_from_starting(exercise_id, person, cue):
    coach = Coach(built_in().exercise(exercise_id))
    updates = [coach.update(person.pose(i / 30) if person else None, i / 30) for i in range(20)]
    assert updates[-1].problem == cue


def test_one_odd_frame_does_not_reset_the_setup():
    """A person ready to squat stays ready through a frame seen side-on and a frame with no feet."""
    coach = Coach(built_in().exercise("squat"))
    person, side, cut = Person(), Person(facing="side"), Person(hip_y=500)
    frames = [person] * 20 + [side] + [person] * 5 + [cut] + [person] * 5
    problems = [coach.update(p.pose(i / 30), i / 30).problem for i, p in enumerate(frames)]
    assert problems[15:] == [None] * len(problems[15:])


def test_the_default_routine_runs_check_activation_mobility_patterns_retest():
    run = RoutineRun(built_in().routine(), built_in())
    kinds = [step.exercise.kind for step in run.steps[1:-1]]
    assert kinds == sorted(kinds, key=["activation", "mobility", "pattern"].index)
    assert (run.steps[0].role, run.steps[-1].role) == ("check", "retest")
    assert {s.exercise.id for s in run.steps} == {e.id for e in built_in().exercises}


def test_an_exercise_ends_at_its_time_limit_when_the_target_is_never_reached():
    library = parse_library(SHORT, "short.toml", built_in())
    run = RoutineRun(library.routine("short"), library, safety_seconds=0.5)
    clock = Clock()
    run.acknowledge()
    limit = run.steps[0].time_limit
    states = feed(run, clock.take(stand(Person(), limit + 3.0, 0.0)))  # ready, but never squats
    active = [s for s in states if s.screen == ACTIVE]
    assert active and active[0].countdown == pytest.approx(limit, abs=0.1)
    assert states[-1].screen == REST and run.records[0].done == {"both": 0}
