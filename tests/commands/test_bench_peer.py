"""``kiosk bench --peer`` runs the kiosk, the example's loop and the model alone in turns, round by round.

Its speed is not asserted: the figures are for the README and the closing note.
"""

import json

from kiosk.cli import main


def test_the_peer_bench_reports_each_loop_and_the_model_alone_per_round(capsys, monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    assert main(["bench", "--peer", "--rounds", "2", "--frames", "12", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for key in ("fps_by_round", "peer_same_threads_fps_by_round", "model_only_fps_by_round"):
        assert len(figures[key]) == 2 and min(figures[key]) > 0, (key, figures[key])
    # The most a pipeline can reach is the model's own rate: the ceiling and how near the kiosk comes.
    assert figures["ceiling_ratio_same_threads"] > 0 and figures["ratio_to_model_median"] > 0
