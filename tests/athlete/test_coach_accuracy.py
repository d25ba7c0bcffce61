"""The coach against the athlete's exact truth, on a few generated sets.

``make accuracy`` runs the same on 20 sets and reports the figures; this test
keeps the targets from slipping: exact rep counts, every knee-in of 15° or
more flagged on the right side, and at most 2 false alarms per 100 good reps.
"""

from kiosk.commands.accuracy import evaluate


def test_rep_counts_knee_in_hits_and_false_alarms():
    figures = evaluate(sets=3, seed=11, compare_whole_frame=False)
    print("\n", figures)
    assert figures["rep_count_error_mean_abs"] == 0
    for degrees, hit in figures["knee_in_hit_rate_by_degrees"].items():
        if int(degrees) >= 15:
            assert hit["rate"] == 1.0, (degrees, hit)
    assert figures["false_alarms_per_100_good_reps"] <= 2
