"""The activation, mobility and hinge trackers on hand-made keypoint sequences."""

from kiosk.coach.built_in_exercises import exercise_by_id
from kiosk.coach.session import Coach

from .floor_motion import (
    bridges,
    clamshell,
    frames,
    half_kneel,
    hinge,
    knee_to_wall,
    standing_side,
    up_and_down,
)
from .motion import end_time, run


def coach_for(exercise_id):
    return Coach(exercise_by_id(exercise_id))


def test_bridges_count_and_flag_low_hips_and_no_pause_at_the_top():
    coach = coach_for("glute_bridge")
    # Full lift held for a third of the rep; a lift stopping at about 156°; full lift with no pause.
    updates = run(coach, bridges([(1.0, 0.35), (0.5, 0.35), (1.0, 0.0), (1.0, 0.4)], 0.0))
    assert [r.faults for r in coach.results] == [(), ("hips_low",), ("short_hold",), ()]
    assert updates[-1].reps == 4
    low = coach.results[1]
    assert 150 < low.metrics["hip_extension"] < 165
    assert "Squeeze your glutes" in next(u.cue for u in updates if u.rep is not None and u.rep.index == 2)


def test_a_bridge_filmed_from_the_front_is_not_counted_and_says_turn_side_on():
    coach = coach_for("glute_bridge")
    facing_front = [(t, clamshell(t, 0.0)) for t, _ in bridges([(1.0, 0.3)], 0.0)]
    updates = run(coach, facing_front)
    assert not coach.results and updates[-1].cue == "Turn side-on to the mirror"


def test_clamshells_count_per_top_side_and_flag_a_rolling_pelvis():
    coach = coach_for("clamshell")
    frames_ = []
    for roll, top in ((0.0, "right"), (0.5, "right"), (0.0, "left")):
        start = end_time(frames_)
        frames_ += frames(
            2.5,
            start,
            lambda t, s, roll=roll, top=top: clamshell(
                t, 0.8 * up_and_down(s, 0.2), roll * up_and_down(s), top
            ),
        )
    updates = run(coach, frames_)
    assert [(r.side, r.faults) for r in coach.results] == [
        ("right", ()), ("right", ("pelvis_rolls",)), ("left", ()),
    ]  # fmt: skip
    assert updates[-1].per_side == {"left": 1, "right": 2}


def test_the_hip_flexor_hold_runs_only_in_position_and_upright():
    coach = coach_for("hip_flexor_stretch")
    sequence = frames(10, 0.0, lambda t, s: half_kneel(t))  # 10 s held on the left
    sequence += frames(5, end_time(sequence), lambda t, s: standing_side(t))  # stands up: paused
    sequence += frames(4, end_time(sequence), lambda t, s: half_kneel(t, lean=35))  # leans: paused
    sequence += frames(6, end_time(sequence), lambda t, s: half_kneel(t, back="right"))  # other side
    updates = run(coach, sequence)
    held = updates[-1].hold_seconds
    assert 9.5 <= held["left"] <= 10.0 and 5.5 <= held["right"] <= 6.0
    leaning = updates[round(16.5 * 30)]
    assert leaning.cue == "Stay tall — lift your chest" and leaning.hold_seconds["left"] == held["left"]
    standing = updates[(13 * 30)]
    assert standing.cue == exercise_by_id("hip_flexor_stretch").setup
    assert [(r.side, r.faults) for r in coach.results] == [("left", ()), ("left", ("trunk_forward",))]


def test_knee_to_wall_reads_each_sides_shin_tilt():
    coach = coach_for("knee_to_wall")
    sequence = []
    for peak, front in ((30, "left"), (34, "left"), (22, "right")):
        sequence += frames(
            3, end_time(sequence), lambda t, s, p=peak, f=front: knee_to_wall(t, p * up_and_down(s, 0.3), f)
        )
    updates = run(coach, sequence)
    readings = [(r.side, round(r.metrics["shin_tilt"])) for r in coach.results]
    assert readings == [("left", 30), ("left", 34), ("right", 22)]
    assert updates[-1].per_side == {"left": 2, "right": 1}
    assert coach.summary().to_json()["best_shin_tilt"] == {"left": 34.0, "right": 22.0}


def test_a_straight_back_leg_is_not_read_as_a_knee_push():
    coach = coach_for("knee_to_wall")
    run(coach, frames(4, 0.0, lambda t, s: knee_to_wall(t, 5.0)))
    assert not coach.results


def test_hinges_flag_bent_knees_hips_not_back_and_a_curling_head():
    coach = coach_for("hip_hinge")
    kinds = [{}, {"knee_bend": 50}, {"hips_back": 0.0}, {"curl": 60}]
    sequence = []
    for kind in kinds:
        sequence += frames(3, end_time(sequence), lambda t, s, k=kind: hinge(t, up_and_down(s, 0.2), **k))
    run(coach, sequence)
    assert [r.faults for r in coach.results] == [(), ("knees_bend",), ("hips_not_back",), ("back_rounds",)]
