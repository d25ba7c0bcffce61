"""The screens' benchmark runs (its figures are printed, never asserted)."""

import json

from kiosk.ui import bench


def test_the_benchmark_reports_every_screen(capsys):
    assert bench.main(["--frames", "2"]) == 0
    report = json.loads(capsys.readouterr().out)
    for screen in ("attract", "menu", "exercise", "overlay", "rest", "summary", "safety", "trouble"):
        assert report[screen] >= 0
    assert {"calibration", "exercise_glass", "exercise_portrait", "present_90", "mirror_show"} <= set(report)
    assert {"picture", "picture_pi"} <= set(report)
