"""The pose benchmark command runs and reports every figure (its speed is not asserted)."""

from kiosk.commands.bench_pose import run


def test_the_benchmark_reports_invoke_and_overhead_percentiles():
    figures = run(frames=3, threads=1)
    assert figures["frame_size"] == [1920, 1080] and figures["frames"] == 3
    for key in ("invoke_ms_p50", "invoke_ms_p95", "engine_overhead_ms_p50", "engine_overhead_ms_p95"):
        assert figures[key] > 0
