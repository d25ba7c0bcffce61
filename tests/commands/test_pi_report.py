"""``make pi-report``: one JSON file with everything a Pi owner is asked to measure."""

import json

from kiosk.commands.pi_report import main


def test_the_report_holds_every_figure_and_each_failed_bench_says_why(tmp_path, capsys):
    report_file = tmp_path / "pi-report.json"
    # Off a Pi there is no picamera: an unknown source fails the same way, fast.
    code = main(["-o", str(report_file), "--source", "nosuch", "--frames", "5", "--pose-frames", "3"])
    assert code == 0
    assert f"written to {report_file} (2 bench(es) failed" in capsys.readouterr().out
    report = json.loads(report_file.read_text())
    assert [bench["threads"] for bench in report["pose_bench"]] == [1, 2, 4]
    assert all(bench["invoke_ms_p50"] > 0 for bench in report["pose_bench"])
    assert [bench["vsync"] for bench in report["kiosk_bench"]] == [True, False]
    for bench in report["kiosk_bench"]:
        assert "--realtime" in bench["command"] and bench["error"].startswith("kiosk: error: unknown source")
    assert report["sdl"]["service_driver"] == "kmsdrm" and "kmsdrm" in report["sdl"]["video_drivers"]
    assert report["thermal"]["readings"] and {"cpu_c", "throttled"} <= set(report["thermal"]["readings"][0])
