"""The bench's scoring: what counts as a hit, a false alarm, an exact count, per class."""

import pytest

from kiosk.coach.verdict import RepResult
from kiosk.commands.accuracy.classes import CLASSES, TURN_JUDGED, plan_class
from kiosk.commands.accuracy.score import Tally


def _truth(*reps):
    """(bottom, faults, turn, depth) → truth rows."""
    return [
        {"bottom": b, "faults": f, "turn": turn, "depth": depth, "in_clip": True}
        for b, f, turn, depth in reps
    ]


def _found(*reps, judged=True):
    return [RepResult(i, b - 0.5, b, b + 0.5, tuple(f), {}, None, judged) for i, (b, f) in enumerate(reps, 1)]


def test_a_judge_that_matches_the_truth_meets_every_criterion():
    tally = Tally()
    truth = _truth((1, {"left_knee_in": 15.0}, 0, 1.0), (4, {}, 0, 1.0), (7, {"right_knee_in": 25.0}, 0, 1.0))
    tally.add(truth, _found((1.1, ["left_knee_in"]), (4.0, []), (6.9, ["right_knee_in"])), "squat", 3.0)
    figures = tally.figures()
    assert figures["meets"] == {"exact_counts": True, "caught_15_plus": True, "false_alarms": True}
    assert figures["knee_in_caught_by_degrees"]["15"] == "1/1" and figures["false_alarms"] == 0


def test_a_missed_rep_a_wrong_side_and_a_flag_on_a_good_rep_are_each_scored():
    tally = Tally()
    truth = _truth((1, {"left_knee_in": 20.0}, 0, 1.0), (4, {}, 0, 1.0), (7, {"left_knee_in": 15.0}, 0, 1.0))
    tally.add(truth, _found((1.0, ["right_knee_in"]), (4.0, ["left_knee_in"])), "squat", 3.0)
    figures = tally.figures()
    assert figures["exact_sets"] == "0/1"
    assert figures["caught_15_plus"] == "0/2"  # the wrong knee, and a caving rep never counted
    assert figures["other_knee_flagged_on_caving_reps"] == 1
    assert figures["false_alarms"] == 1 and figures["false_alarms_per_100_good_reps"] == 100.0
    assert figures["meets"] == {"exact_counts": False, "caught_15_plus": False, "false_alarms": False}


def test_beyond_25_degrees_a_caving_rep_is_neither_hit_nor_miss_but_a_flagged_good_one_is_an_alarm():
    tally = Tally()
    turn = TURN_JUDGED + 10
    truth = _truth((1, {"left_knee_in": 20.0}, turn, 1.0), (4, {}, turn, 1.0), (7, {}, turn, 1.0))
    found = _found((1.0, []), (4.0, []), judged=False) + _found((7.0, ["right_knee_in"]))
    tally.add(truth, found, "squat", 3.0)
    figures = tally.figures()
    assert figures["caught_15_plus"] == "0/0"
    assert figures["beyond_25_deg_unjudged_share"] == pytest.approx(2 / 3, abs=0.001)
    assert figures["false_alarms"] == 1 and figures["good_reps"] == 2


def test_non_reps_expect_nothing_and_a_flag_on_a_rep_that_is_not_there_is_an_alarm():
    tally = Tally()
    tally.add([], _found((2.0, ["left_knee_in"])), "squat", 3.0)
    figures = tally.figures()
    assert figures["exact_sets"] == "0/1" and figures["false_alarms_on_reps_not_there"] == 1
    assert not figures["meets"]["false_alarms"]


def test_shallow_is_expected_below_the_asked_depth_and_not_on_full_reps():
    tally = Tally()
    truth = _truth((1, {}, 0, 0.25), (4, {}, 0, 0.55), (7, {}, 0, 1.0))
    tally.add(truth, _found((1.0, ["shallow"]), (4.0, []), (7.0, ["shallow"])), "squat", 3.0)
    figures = tally.figures()
    assert (figures["shallow_flagged"], figures["full_reps_flagged_shallow"]) == ("1/2", "1/1")


def test_every_class_plans_the_same_sets_for_the_same_seed_and_varies_within_its_range():
    for name in CLASSES:
        first, again = plan_class(name, 3, seed=5), plan_class(name, 3, seed=5)
        assert first == again, name
    turns = [plan.motion.turn for plan in plan_class("turned", 8)]
    assert max(turns) - min(turns) > 50 and all(abs(t) <= 45 for t in turns)
    assert sum(abs(t) > TURN_JUDGED for t in turns) == 4
    lows = plan_class("camera_low", 8)
    assert all(0.3 <= p.camera.height <= 0.8 and 1.5 <= p.camera.distance <= 6 for p in lows)
    wide = plan_class("wide_knee", 4)
    assert all(p.motion.knees_out >= 5 and not p.motion.faults for p in wide)


@pytest.mark.parametrize(
    ("args", "phrase"),
    [(["--classes", "nope"], "unknown class 'nope'"), (["--sets-per-class", "0"], "must be 1 or more")],
)
def test_bad_bench_arguments_get_one_line(args, phrase, capsys):
    from kiosk.commands.accuracy.__main__ import main

    with pytest.raises(SystemExit) as stop:  # argparse's exit, as `python -m kiosk.commands.accuracy` ends
        main(args)
    assert stop.value.code == 2
    errors = capsys.readouterr().err
    assert errors.count("\n") == 1 and phrase in errors


def test_a_rep_the_recording_starts_in_is_asked_of_the_offline_judge_and_optional_for_the_mirror():
    starts = (-0.5, 2.0)
    truth = [
        {**row, "start": start}
        for row, start in zip(_truth((0.3, {}, 0, 1.0), (3, {}, 0, 1.0)), starts, strict=True)
    ]
    live, offline = Tally(from_first_frame=True), Tally()
    for tally in (live, offline):
        tally.add(truth, _found((3.0, [])), "squat", 3.0)
    assert live.figures()["exact_sets"] == "1/1" and offline.figures()["exact_sets"] == "0/1"
    live.add(truth, _found((0.3, ["left_knee_in"]), (3.0, [])), "squat", 3.0)  # seen in part, and counted
    assert live.figures()["exact_sets"] == "2/2" and live.figures()["false_alarms"] == 1


def test_caves_and_alarms_are_split_by_the_feet_turn_out_and_by_how_far_a_cave_passes_it():
    from kiosk.commands.accuracy.report import turn_out_table

    tally = Tally()
    # Feet out 5°: a 20° cave shows 15° past them and is caught; a good rep is flagged.
    truth = _truth((1, {"left_knee_in": 20.0}, 0, 1.0), (4, {}, 0, 1.0))
    tally.add(truth, _found((1.0, ["left_knee_in"]), (4.0, ["right_knee_in"])), "squat", 3.0, turn_out=5.0)
    # Feet out 15°: a 15° cave and a 12° one show nothing past them and are missed.
    truth = _truth((1, {"left_knee_in": 15.0, "right_knee_in": 12.0}, 0, 1.0), (4, {}, 0, 1.0))
    tally.add(truth, _found((1.0, []), (4.0, [])), "squat", 3.0, turn_out=15.0)
    figures = tally.figures()
    assert figures["by_turn_out"]["0–10°"]["caught_15_plus"] == "1/1"
    assert figures["by_turn_out"]["10–20°"]["caught_15_plus"] == "0/1"
    assert figures["by_turn_out"]["10–20°"]["caught_10_to_14"] == "0/1"
    assert (
        figures["by_turn_out"]["0–10°"]["false_alarms"],
        figures["by_turn_out"]["0–10°"]["good_reps"],
    ) == (1, 1)
    assert figures["by_cave_past_turn_out"]["≥ 10°"]["caught"] == "1/1"
    assert figures["by_cave_past_turn_out"]["< 5°"]["caught"] == "0/2"
    text = "\n".join(turn_out_table({"live": figures}))
    assert "10–20°" in text and "0/1 0%" in text and "< 5°: 0/2 0%" in text


def test_without_the_turn_out_the_report_has_no_turn_out_table():
    from kiosk.commands.accuracy.report import turn_out_table

    tally = Tally()
    tally.add(_truth((1, {"left_knee_in": 20.0}, 0, 1.0)), _found((1.0, ["left_knee_in"])), "squat", 3.0)
    assert tally.figures()["by_turn_out"] == {} and turn_out_table({"live": tally.figures()}) == []
