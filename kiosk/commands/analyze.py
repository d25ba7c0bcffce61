"""``kiosk analyze``: a rep-by-rep report of a video or a keypoint track.

Offline, the whole clip is known before any rep is judged, so the report is
the live coach's, replayed with hindsight (:func:`analyze_poses`):

1. the person's standing posture is taken from every standing frame of the
   clip, before or after the reps (a clip that starts mid-rep, or stands for
   half a second, still has one);
2. a first pass learns how the person's knees usually track at the bottom
   of their reps;
3. the second pass judges every rep against that, and may count a first rep
   the clip starts in the middle of.

A raw track (one ``kiosk pose`` did not write) goes through the same
smoothing as live frames first. When no rep is counted the report says why.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.app.coaching import load_program, thresholds
from kiosk.coach.depth import CameraMount
from kiosk.coach.exercise_library import Exercise
from kiosk.coach.knee import UsualTrack
from kiosk.coach.reps import rep_key
from kiosk.coach.session import ClipPrior, Coach
from kiosk.coach.standing import StandingReference, clip_standing
from kiosk.coach.verdict import RepResult
from kiosk.coach.view import NOBODY
from kiosk.config import Config
from kiosk.errors import KioskError
from kiosk.files import check_writable, not_a_file, shown_path, write_file
from kiosk.pose.keypoints import Pose
from kiosk.pose.smoothing import PoseSmoother
from kiosk.pose.track_file import open_track

TRACK_SUFFIXES = (".jsonl", ".json", ".track")


@dataclass(frozen=True)
class Analysis:
    """A clip's reps with their verdicts, the coach's summary, and each frame's knee offsets for the plot."""

    results: list[RepResult]
    summary: dict
    timeline: list[tuple[float, float | None, float | None]]


def analyze_poses(
    poses: list[tuple[float, Pose | None]] | Callable[[], Iterable[tuple[float, Pose | None]]],
    exercise: Exercise,
    config: Config,
    mount: CameraMount | None = None,
    keep_timeline: bool = True,
) -> Analysis:
    """Judge a whole clip's poses (already smoothed) for ``exercise``.

    >>> from kiosk.coach.built_in_exercises import exercise_by_id
    >>> analyze_poses([], exercise_by_id("squat"), Config()).summary["why_no_reps"]
    'nobody was in view'
    """
    passes = poses if callable(poses) else (lambda: iter(poses))
    first = _replay(passes(), exercise, config, mount, ClipPrior(_clip_reference()), keep_timeline)
    if exercise.tracker == "reps":
        prior = ClipPrior(_clip_reference(), _usual_knees(first.results))
        final = _replay(passes(), exercise, config, mount, prior, keep_timeline)
    else:
        final = first
    results = list(final.results)
    summary = final.summary().to_json()
    summary["baseline"] = (
        "taken from the clip's standing frames"
        if final.stood
        else "none: no standing frame, so only absolute thresholds were used"
    )
    if not results:
        summary["why_no_reps"] = _why_no_reps(final, exercise)
    return Analysis(results, summary, final.timeline)


def analyze_command(
    config: Config,
    source: Path,
    exercise_id: str,
    as_json: bool,
    output: Path | None,
    plot: Path | None,
    mount: CameraMount | None = None,
) -> int:
    """Analyse ``source`` for ``exercise_id``; prints or saves the report, returns the exit code."""
    try:
        exercise = load_program(config.program).exercise(exercise_id)
    except KeyError as error:
        raise KioskError(str(error.args[0])) from None
    if plot is not None and plot.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise KioskError(f"--plot {plot}: give a file ending in .png, .svg or .pdf")
    for path in (output, plot):
        if path is not None:
            check_writable(path)
    problem = not_a_file(source)
    if problem is not None:
        raise KioskError(f"{shown_path(source)} {problem}: give a video file or a kiosk-track/1 file")
    analysis = analyze_poses(
        _replayable(config, source), exercise, config, mount, keep_timeline=plot is not None
    )
    report = {
        "exercise": exercise.id,
        "tracker": exercise.tracker,
        "unit": exercise.unit,
        "source": source.name,
        "reps": [r.to_json() for r in analysis.results],
        "summary": analysis.summary,
    }
    if plot is not None:
        from kiosk.commands.plot import plot_knee_offsets

        plot_knee_offsets(
            plot, analysis.timeline, analysis.results, exercise.name, config.coach.knee_in_offset
        )
    json_text = json.dumps(report, indent=2) + "\n"
    if output is not None:
        write_file(output, lambda stream: stream.write(json_text))
    sys.stdout.write(json_text if as_json else _table(report))
    return 0


class _Replay:
    """One pass of the coach over the clip, keeping what the report needs."""

    def __init__(self, coach: Coach):
        self.coach = coach
        self.timeline: list[tuple[float, float | None, float | None]] = []
        self.problems: Counter[str | None] = Counter()
        self.deepest = 0.0
        self.seen = 0
        self.stood = False  # whether any frame had a standing posture to measure against

    @property
    def results(self) -> list[RepResult]:
        return list(self.coach.results)

    def summary(self):
        return self.coach.summary()


def _replay(
    poses, exercise: Exercise, config: Config, mount, prior: ClipPrior, keep_timeline: bool
) -> _Replay:
    coach = Coach(exercise, thresholds(config.coach), config.coach.cooldown_seconds, mount=mount, prior=prior)
    replay = _Replay(coach)
    for t, pose, standing in clip_standing(poses):
        prior.standing.hold(standing)
        replay.stood |= standing is not None
        update = coach.update(pose, t)
        replay.problems[update.problem] += 1
        if keep_timeline:  # only for the plot: a long track is otherwise read in constant memory
            knees = update.knees
            replay.timeline.append((t, knees.left.offset, knees.right.offset))
        replay.seen += pose is not None and pose.present
        if pose is not None and pose.present and coach.reps_tracker is not None:
            depth = coach.gauge.depth(pose, coach.standing.standing)
            replay.deepest = max(replay.deepest, depth or 0.0)
    coach.finish()
    return replay


def _clip_reference() -> StandingReference:
    """A standing reference the clip's reader sets frame by frame (:func:`clip_standing`)."""
    return StandingReference(clip=True)


def _usual_knees(results: list[RepResult]) -> UsualTrack:
    """Each knee's usual track over all the clip's judged reps, of any depth.

    Each rep is named by its start, so that it is judged against the others.
    """
    reference = UsualTrack(keep=len(results) or 1, near=None)
    for result in results:
        if result.judged and (depth := result.metrics.get("depth")):
            offsets = {s: result.metrics.get(f"measured_offset_{s}") for s in ("left", "right")}
            if result.side is not None:
                offsets = {result.side: offsets[result.side]}
            reference.add(offsets, depth, key=rep_key(result.start))
            reference.add_lean(result.metrics.get("trunk_lean"))
    return reference


def _why_no_reps(replay: _Replay, exercise: Exercise) -> str:
    """One line saying why nothing was counted."""
    if not replay.seen:
        return "nobody was in view"
    problems = Counter({p: n for p, n in replay.problems.items() if p not in (None, NOBODY)})
    ready = replay.problems[None]
    if problems and problems.most_common(1)[0][1] > ready:
        problem = problems.most_common(1)[0][0]
        return {
            "Turn to face the mirror": "the person was side-on or turned: film them facing the camera",
            "Turn side-on to the mirror": f"the {exercise.name.lower()} needs a side view: film side-on",
            "Step back so your feet are in view": "the legs were out of frame: film the whole body",
            "Keep your legs in clear view": "the legs were hidden or out of frame",
        }.get(problem, problem)
    reps_tracker = replay.coach.reps_tracker
    if exercise.tracker != "reps" or reps_tracker is None:
        return f"no {exercise.unit[:-1]} was seen"
    if replay.coach.standing.standing is None:
        return "no standing was seen: the hips and ankles were never both in view"
    needed = reps_tracker.counter.settings.count_depth
    return (
        f"too shallow: the deepest bend reached {replay.deepest:.2f} of a squat to parallel, "
        f"a rep needs {needed:.2f}"
    )


def _replayable(config: Config, source: Path) -> Callable[[], Iterable[tuple[float, Pose | None]]]:
    """The clip's poses, to be read once per pass.

    A track is re-read from its file each time (constant memory for a track
    of any length); a video goes through the pose engine once and is kept.
    """
    if source.suffix.lower() in TRACK_SUFFIXES:
        return lambda: clip_poses(config, source)
    poses = list(clip_poses(config, source))
    return lambda: iter(poses)


def clip_poses(config: Config, source: Path) -> Iterator[tuple[float, Pose | None]]:
    """(t, pose) for each frame of a track file, or of a video run through the pose engine."""
    if source.suffix.lower() in TRACK_SUFFIXES:
        header, frames = open_track(source, config.pose.min_score)  # streamed: a track of any length
        smoother = None
        if not header.smoothed and config.pose.smoothing:
            settings = config.pose
            smoother = PoseSmoother(
                settings.min_score, settings.min_cutoff, settings.beta, scale=float(header.height)
            )
        for frame in frames:
            pose = frame.pose
            if smoother is not None:
                pose = smoother(pose) if pose is not None else None
                if pose is None:
                    smoother.reset()
            yield frame.t, pose
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
            while (captured := video.read()) is not None:
                yield captured.timestamp, tracker.track(captured.image, captured.timestamp)
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
        faults = ", ".join(rep["faults"])
        if not rep["judged"]:
            faults = f"{faults + ' ' if faults else ''}(not judged: {rep.get('not_judged', 'side-on')})"
        side = f" [{rep['side']}]" if rep.get("side") else ""
        lines.append(
            f"{rep['index']:>3}  {rep['start']:6.2f}  {rep['bottom']:6.2f}  {rep['end']:6.2f}  "
            f"{_fmt(m['depth'], 5)}  {_fmt(m['knee_offset_left'], 6)}  {_fmt(m['knee_offset_right'], 6)}  "
            f"{faults or 'good'}{side}"
        )
    lines.append("")
    reps = "—" if summary["reps"] is None else summary["reps"]
    share = "—" if summary["good_share"] is None else f"{summary['good_share']:.0%}"
    lines.append(f"reps {reps}, judged {summary['judged_reps']}, good {summary['good_reps']} ({share})")
    if "why_no_reps" in summary:
        lines.append(f"no rep counted: {summary['why_no_reps']}")
    asym = summary["asymmetry"]
    lines.append(f"left knee in: {asym['left_knee_in']}, right knee in: {asym['right_knee_in']}")
    lines.append(f"standing baseline: {summary['baseline']}")
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
    if "why_no_reps" in summary:
        lines.append(f"none counted: {summary['why_no_reps']}")
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
