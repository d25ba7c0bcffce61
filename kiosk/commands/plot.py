"""The ``--plot`` of ``kiosk analyze``: both legs' medial knee offset over time, reps and faults marked."""

from __future__ import annotations

from pathlib import Path

from kiosk.coach.verdict import RepResult
from kiosk.files import write_file


def plot_knee_offsets(
    path: Path,
    timeline: list[tuple[float, float | None, float | None]],
    results: list[RepResult],
    title: str,
    threshold: float,
) -> None:
    """Draw the plot and save it to ``path`` (PNG, SVG or PDF)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    times = [t for t, _, _ in timeline]
    left = [float("nan") if v is None else v for _, v, _ in timeline]
    right = [float("nan") if v is None else v for _, _, v in timeline]
    figure, axes = plt.subplots(figsize=(12, 4.5), dpi=100)
    for rep in results:
        colour = "#d9f2df" if rep.good else "#fbe0dc"
        axes.axvspan(rep.start, rep.end, color=colour if rep.judged else "#eeeeee", zorder=0)
        label = ", ".join(rep.faults) if rep.judged else "not judged"
        place = (rep.bottom, 0.97)
        axes.annotate(f"{rep.index}: {label or 'good'}", place, xycoords=("data", "axes fraction"),
                      ha="center", va="top", fontsize=8, rotation=90)  # fmt: skip
    axes.plot(times, left, color="#1f77b4", label="left knee")
    axes.plot(times, right, color="#ff7f0e", label="right knee")
    axes.axhline(threshold, color="#d62728", linestyle="--", linewidth=1, label=f"caving ({threshold:+.2f})")
    axes.axhline(0, color="#888888", linewidth=0.8)
    axes.set_xlabel("time (s)")
    axes.set_ylabel("medial knee offset (share of leg length, + inward)")
    axes.set_title(f"{title}: knee tracking by rep")
    axes.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    # Written through the product's writer: an earlier plot is never left half-written.
    try:
        kind = path.suffix.lstrip(".").lower()
        write_file(path, lambda stream: figure.savefig(stream, format=kind), binary=True)
    finally:
        plt.close(figure)
