"""``kiosk analyze``: a rep-by-rep report of a video or a keypoint track."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.coach.session import Coach
from kiosk.config import Config
from kiosk.errors import KioskError
from kiosk.files import check_writable, write_file
from kiosk.pose.track import open_track

TRACK_SUFFIXES = (".jsonl", ".json", ".track")


def analyze_command(
    config: Config, source: Path, exercise_id: str, as_json: bool, output: Path | None, plot: Path | None
) -> int:
    """Analyse ``source`` for ``exercise_id``; prints or saves the report, returns the exit code."""
    try:
        exercise = config.program.library().exercise(exercise_id)
    except KeyError as error:
        raise KioskError(str(error.args[0])) from None
    if plot is not None and plot.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise KioskError(f"--plot {plot}: give a file ending in .png, .svg or .pdf")
    for path in (output, plot):
        if path is not None:
            check_writable(path)
    if not source.is_file():
        raise KioskError(f"{source} not found: give a video file or a kiosk-track/1 file")
    coach = Coach(exercise, config.coach.thresholds(), cooldown_seconds=config.coach.cooldown_seconds)
    timeline = []
    for t, pose in _poses(config, source):
        update = coach.update(pose, t)
        if plot is not None:  # kept only for the plot: a long track is read in constant memory
            timeline.append((t, update.metrics.left.knee_offset, update.metrics.right.knee_offset))
    report = {
        "exercise": exercise.id,
        "tracker": exercise.tracker,
        "unit": exercise.unit,
        "source": source.name,
        "reps": [r.to_json() for r in coach.results],
        "summary": coach.summary(),
    }
    if plot is not None:
        from kiosk.commands.plot import plot_knee_offsets

        plot_knee_offsets(plot, timeline, coach.results, exercise.name, config.coach.knee_in_offset)
    json_text = json.dumps(report, indent=2) + "\n"
    if output is not None:
        write_file(output, lambda stream: stream.write(json_text))
    sys.stdout.write(json_text if as_json else _table(report))
    return 0


def _poses(config: Config, source: Path):
    """(t, pose) for each frame of a track file, or of a video run through the pose engine."""
    if source.suffix.lower() in TRACK_SUFFIXES:
        _, frames = open_track(source, config.pose.min_score)  # streamed: a track of any length
        for frame in frames:
            yield frame.t, frame.pose
        return
    from tqdm import tqdm

    from hardware.video import VideoFileSource
    from kiosk.app.engine import build_tracker

    video = VideoFileSource(source)
    try:
        tracker = build_tracker(config)
        total = video.frame_count or None
        with tqdm(
            total=total, unit="frame", desc=source.name, file=sys.stderr, leave=False, disable=None
        ) as bar:
            while (frame := video.read()) is not None:
                yield frame.timestamp, tracker.track(frame.image, frame.timestamp)
                bar.update()
    finally:
        video.close()


def _table(report: dict) -> str:
    summary = report["summary"]
    if report.get("tracker", "reps") != "reps":
        return _tracked_table(report)
    lines = [f"{report['exercise']} — {report['source']}", ""]
    header = (("rep", 3), ("start", 6), ("bottom", 6), ("end", 6), ("depth", 5), ("knee L", 6), ("knee R", 6))
    lines.append("  ".join(f"{name:>{width}}" for name, width in header) + "  faults")
    for rep in report["reps"]:
        m = rep["metrics"]
        faults = ", ".join(rep["faults"]) if rep["judged"] else "(not judged: side-on)"
        lines.append(
            f"{rep['index']:>3}  {rep['start']:6.2f}  {rep['bottom']:6.2f}  {rep['end']:6.2f}  "
            f"{_fmt(m['depth'], 5)}  {_fmt(m['knee_offset_left'], 6)}  {_fmt(m['knee_offset_right'], 6)}  "
            f"{faults or 'good'}"
        )
    lines.append("")
    reps = "—" if summary["reps"] is None else summary["reps"]
    share = "—" if summary["good_share"] is None else f"{summary['good_share']:.0%}"
    lines.append(f"reps {reps}, judged {summary['judged_reps']}, good {summary['good_reps']} ({share})")
    asym = summary["asymmetry"]
    lines.append(f"left knee in: {asym['left_knee_in']}, right knee in: {asym['right_knee_in']}")
    if "message" in summary:
        lines.append(summary["message"])
    lines.append(summary["note"])
    return "\n".join(lines) + "\n"


def _tracked_table(report: dict) -> str:
    """Bridges, clamshells, steps, stretches, knee-to-wall pushes and hinges: each with its measures."""
    summary = report["summary"]
    lines = [f"{report['exercise']} — {report['source']}", ""]
    lines.append(f"{'rep':>3}  {'side':>5}  {'start':>6}  {'end':>6}  measures  faults")
    for rep in report["reps"]:
        measures = ", ".join(f"{k} {_fmt(v, 0).strip()}" for k, v in rep["metrics"].items())
        lines.append(
            f"{rep['index']:>3}  {rep.get('side', '—'):>5}  {rep['start']:6.2f}  {rep['end']:6.2f}  "
            f"{measures}  {', '.join(rep['faults']) or 'good'}"
        )
    lines.append("")
    share = "—" if summary["good_share"] is None else f"{summary['good_share']:.0%}"
    sides = summary["per_side"]
    lines.append(
        f"{report['unit']} {summary['reps']} (left {sides['left']}, right {sides['right']}), "
        f"good {summary['good_reps']} ({share})"
    )
    if "hold_seconds" in summary:
        held = summary["hold_seconds"]
        lines.append(f"held: left {held['left']:.1f} s, right {held['right']:.1f} s")
    if "best_shin_tilt" in summary:
        best = ", ".join(f"{side} {tilt:.0f}°" for side, tilt in summary["best_shin_tilt"].items())
        lines.append(f"best shin tilt (knee over toes): {best or '—'}")
    if "message" in summary:
        lines.append(summary["message"])
    lines.append(summary["note"])
    return "\n".join(lines) + "\n"


def _fmt(value: float | None, width: int) -> str:
    return f"{'—':>{width}}" if value is None else f"{value:{width}.2f}"
