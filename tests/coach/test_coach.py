"""The coach on hand-made keypoint sequences: reps counted once, faults on the right rep and side."""

import pytest

from kiosk.coach.built_in_exercises import exercise_by_id
from kiosk.coach.cues import GOOD
from kiosk.coach.session import Coach

from .motion import Person, Rep, end_time, nobody, run, squats, stand


def squat_set(person, reps, settle=1.5):
    frames = stand(person, settle, 0.0)
    return frames + squats(person, reps, end_time(frames))


def coach_for(exercise="squat"):
    return Coach(exercise_by_id(exercise))


def faults_by_rep(coach):
    return [r.faults for r in coach.results]


def test_clean_squats_with_pixel_noise_are_counted_once_each_and_good():
    coach = coach_for()
    updates = run(coach, squat_set(Person(noise=2.0), [Rep()] * 5))
    assert coach.count == 5
    assert faults_by_rep(coach) == [()] * 5
    assert updates[-1].cue == GOOD
    assert coach.summary().to_json()["good_share"] == 1.0


def test_knee_in_is_flagged_on_the_right_reps_and_sides():
    coach = coach_for()
    reps = [Rep(), Rep(left_knee_in=0.12), Rep(), Rep(left_knee_in=0.12), Rep(right_knee_in=0.1)]
    run(coach, squat_set(Person(noise=2.0), reps))
    assert faults_by_rep(coach) == [(), ("left_knee_in",), (), ("left_knee_in",), ("right_knee_in",)]
    summary = coach.summary().to_json()
    assert summary["asymmetry"]["left_knee_in"] == 2 and summary["asymmetry"]["right_knee_in"] == 1


def test_the_cue_names_the_caving_knee_after_the_rep():
    coach = coach_for()
    updates = run(coach, squat_set(Person(), [Rep(), Rep(right_knee_in=0.12)]))
    assert updates[-1].cue == "Push your right knee out over your toes"


def test_a_hard_cave_on_the_very_first_rep_is_caught():
    """Before the coach knows how the person's knees usually track, a knee well inside its line caves."""
    coach = coach_for()
    run(coach, squat_set(Person(noise=2.0), [Rep(left_knee_in=0.2), Rep()]))
    assert faults_by_rep(coach) == [("left_knee_in",), ()]


def test_a_slight_cave_on_the_first_rep_waits_for_the_persons_own_track():
    """0.1 leg lengths in on the first rep is within how far turned-out feet move a good knee: not judged
    against an absolute line. The same on a later rep, against the person's own reps, is caught."""
    coach = coach_for()
    run(coach, squat_set(Person(noise=2.0), [Rep(left_knee_in=0.1), Rep(), Rep(left_knee_in=0.1)]))
    assert faults_by_rep(coach) == [(), (), ("left_knee_in",)]


def test_dropped_keypoints_do_not_lose_reps_or_invent_faults():
    coach = coach_for()
    run(coach, squat_set(Person(noise=2.0, drop_share=0.03), [Rep()] * 4))
    assert coach.count == 4
    assert all(not faults for faults in faults_by_rep(coach))


def test_shallow_trunk_lean_and_hip_drop():
    coach = coach_for()
    reps = [Rep(depth=0.5), Rep(), Rep(), Rep(), Rep(trunk_lean=15), Rep(hip_drop=14)]
    run(coach, squat_set(Person(), reps))
    assert faults_by_rep(coach) == [("shallow",), (), (), (), ("trunk_lean",), ("hip_drop",)]


def test_getting_ready_bending_for_a_band_and_half_squatting_to_chat_are_not_reps():
    coach = coach_for()
    person = Person(noise=1.5)
    frames = stand(person, 1.5, 0.0)
    frames += squats(person, [Rep(depth=0.08, seconds=1.0)] * 3, end_time(frames))  # soft knees, bobbing
    frames += squats(person, [Rep(depth=0.25, seconds=1.0, walk=0.15)] * 3, end_time(frames))  # walking about
    frames += squats(
        person, [Rep(depth=0.7, bend_over=True, seconds=2.5)], end_time(frames)
    )  # picks up a band
    frames += squats(person, [Rep(depth=0.45, seconds=12.0)], end_time(frames))  # half-squat, chatting
    run(coach, frames)
    assert coach.count == 0


def test_a_deliberate_quarter_squat_counts_and_is_flagged_shallow():
    coach = coach_for()
    run(coach, squat_set(Person(noise=1.5), [Rep(depth=0.18, seconds=1.2)] * 3 + [Rep()]))
    assert faults_by_rep(coach) == [("shallow",)] * 3 + [()]


def test_turning_sideways_mid_set_stops_judging_and_asks_to_face_the_mirror():
    coach = coach_for()
    person = Person()
    frames = squat_set(person, [Rep(), Rep()])
    side = Person(facing="side")
    frames += squats(side, [Rep(left_knee_in=0.12)], end_time(frames))
    updates = run(coach, frames)
    assert coach.count == 3
    assert [r.judged for r in coach.results] == [True, True, False]
    assert coach.results[2].faults == ()
    assert updates[-1].cue == "Turn to face the mirror"


def test_two_people_taking_turns_each_get_their_own_baseline():
    coach = coach_for()
    first = Person(x=600, leg=300)
    frames = squat_set(first, [Rep()] * 2)
    frames += nobody(2.0, end_time(frames))
    second = Person(x=700, leg=220, hip_y=400)  # smaller, further away
    frames += stand(second, 1.5, end_time(frames))
    frames += squats(second, [Rep(), Rep(right_knee_in=0.12)], end_time(frames))
    run(coach, frames)
    assert coach.count == 4
    assert faults_by_rep(coach) == [(), (), (), ("right_knee_in",)]
    assert coach.baselines.baseline.leg_length == pytest.approx(220, rel=0.05)


def test_a_stranger_standing_in_knees_in_is_judged_against_their_own_standing():
    """Someone who stands knock-kneed is judged on what the squat adds, not on how they stand."""
    coach = coach_for()

    class KnockKneed(Person):
        def pose(self, t, depth=0.0, left_in=0.0, right_in=0.0, **kwargs):
            return super().pose(t, depth, left_in + 0.05, right_in + 0.05, **kwargs)

    run(coach, squat_set(KnockKneed(), [Rep(), Rep(), Rep(), Rep(left_knee_in=0.1)]))
    assert faults_by_rep(coach) == [(), (), (), ("left_knee_in",)]


def test_cues_wait_for_the_cool_down():
    coach = coach_for()
    quick = [Rep(seconds=1.0), Rep(seconds=1.0, left_knee_in=0.2)]
    frames = squat_set(Person(), quick)
    updates = run(coach, frames + stand(Person(), 3.0, end_time(frames)))
    cues = [u.cue for u in updates]
    first_change = cues.index(GOOD)
    # The caving rep ends a second and a half after the good one: its cue waits out the 3 s cool-down.
    assert set(cues[first_change : first_change + 3 * 30 - 1]) == {GOOD}
    assert "Push your left knee out over your toes" in cues[first_change + 3 * 30 - 1 :]


def test_a_side_view_exercise_done_facing_the_mirror_asks_to_turn_and_counts_nothing():
    coach = coach_for("glute_bridge")
    updates = run(coach, squat_set(Person(), [Rep()]))
    assert updates[-1].cue == "Turn side-on to the mirror"
    assert (
        coach.summary().to_json()["reps"] == 0 and "needs a side view" in coach.summary().to_json()["message"]
    )


def test_single_leg_exercises_judge_the_working_leg():
    coach = coach_for("step_down")

    class StepDown(Person):
        """Stands on the left leg; the right foot reaches down, its knee staying under the hip."""

        def pose(self, t, depth=0.0, left_in=0.0, right_in=0.0, **kwargs):
            pose = super().pose(t, depth, left_in, right_in, **kwargs)
            hip_x, hip_y = pose.keypoints[12, :2]
            ankle_y = min(hip_y + self.leg, 700.0)  # towards the floor below the step
            pose.keypoints[14, :2] = (hip_x, (hip_y + ankle_y) / 2)
            pose.keypoints[16, :2] = (hip_x, ankle_y)
            return pose

    reps = [Rep(depth=0.6)] * 3 + [Rep(depth=0.6, left_knee_in=0.12)]
    run(coach, squat_set(StepDown(), reps))
    assert [(r.side, r.faults) for r in coach.results] == [("left", ())] * 3 + [("left", ("left_knee_in",))]
