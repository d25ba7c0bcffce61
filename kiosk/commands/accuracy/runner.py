"""Running sets: the poses of each set (rendered through the real model, or read from a raw track) judged.

A rendered set goes frame by frame through the real renderer, the real
MoveNet model and the kiosk's own pose engine (``build_tracker``), nothing
cached; in the ``dropouts_noise`` class the model's raw output is perturbed
before the engine smooths it (:class:`~kiosk.athlete.perturb.NoisyEstimator`).
A ``track`` set writes the perturbed truth to a kiosk-track/1 file in
``scratch`` and reads it back with the track reader, as ``kiosk analyze``
does. Each set's poses are computed once and handed to every judge.
"""

from __future__ import annotations

import functools
import multiprocessing
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.app.coaching import load_program
from kiosk.athlete.perturb import NoisyEstimator, perturbed_track
from kiosk.athlete.truth import rep_truth
from kiosk.coach.verdict import RepResult
from kiosk.commands.accuracy.classes import SetPlan
from kiosk.commands.accuracy.judges import JudgeSet, Poses
from kiosk.commands.analyze import clip_poses
from kiosk.config import Config
from kiosk.files import write_file
from kiosk.pose.keypoints import LEG_KEYPOINTS
from kiosk.pose.track_file import TrackHeader, write_track

FPS = 30
LEGS = list(LEG_KEYPOINTS)
_ENGINE: dict[str, Any] = {}  # one pose engine per process, reset for every set


@dataclass
class SetOutcome:
    """One set's truth, each judge's verdicts, and how well the pose engine saw the legs."""

    plan: SetPlan
    truth: list[dict[str, Any]]
    found: dict[str, list[RepResult]]
    frames: int = 0
    legs_seen: float = 0.0  # share of frames with all six leg points over the score gate
    leg_errors: list[float] = field(default_factory=list)  # seen leg points' error ÷ body height
    seconds: float = 0.0


def run_set(
    plan: SetPlan, judges: dict[str, JudgeSet], config: Config, scratch: Path | None = None
) -> SetOutcome:
    """Make the set's poses, give them to every judge, and keep the truth beside the verdicts."""
    started = time.perf_counter()
    scene = plan.scene()
    poses = _track_poses(plan, config, scratch) if plan.source == "track" else _rendered_poses(plan, config)
    exercise = load_program(config.program).exercise(plan.exercise)
    camera = scene.camera
    # As the installer would configure the mirror: where its camera is.
    mounted = config.camera.model_copy(
        update={"mount_height_m": camera.height, "tilt_deg": camera.pitch, "hfov_deg": camera.fov}
    )
    set_config = config.model_copy(update={"camera": mounted})
    found = {name: judge(poses, exercise, set_config) for name, judge in judges.items()}
    height_px = scene.camera.focal * plan.body_height / scene.camera.distance
    seen, errors = 0, []
    for t, pose in poses:
        if pose is None:
            continue
        legs = pose.keypoints[LEGS]
        visible = legs[:, 2] >= pose.min_score
        seen += bool(visible.all())
        truth = scene.truth(t).keypoints[LEGS]
        gaps = np.linalg.norm(legs[visible, :2] - truth[visible, :2], axis=1) / height_px
        errors.extend(gaps.tolist())
    return SetOutcome(
        plan,
        rep_truth(scene),
        found,
        len(poses),
        seen / max(1, len(poses)),
        errors,
        time.perf_counter() - started,
    )


def run_sets(
    plans: list[SetPlan],
    judges: dict[str, JudgeSet],
    config: Config,
    workers: int = 2,
    scratch: Path | None = None,
    progress: bool = False,
) -> list[SetOutcome]:
    """Run every set, in ``workers`` processes (each with its own model); outcomes in the plans' order."""
    with tempfile.TemporaryDirectory(dir=scratch, prefix="kiosk-accuracy-") as folder:
        task = functools.partial(run_set, judges=judges, config=config, scratch=Path(folder))
        if workers <= 1:
            return [_report(task(plan), progress) for plan in plans]
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return [_report(outcome, progress) for outcome in pool.map(task, plans)]


def _report(outcome: SetOutcome, progress: bool) -> SetOutcome:
    if progress:
        plan = outcome.plan
        print(f"  {plan.cls} set {plan.index + 1}: {outcome.frames} frames in {outcome.seconds:.1f} s",
              file=sys.stderr, flush=True)  # fmt: skip
    return outcome


def _rendered_poses(plan: SetPlan, config: Config) -> Poses:
    if "tracker" not in _ENGINE:
        from kiosk.app.engine import build_tracker

        _ENGINE["tracker"] = tracker = build_tracker(config)
        _ENGINE["estimator"] = tracker.estimator
    tracker = _ENGINE["tracker"]
    tracker.reset()
    estimator = _ENGINE["estimator"]
    tracker.estimator = estimator if plan.noise is None else NoisyEstimator(estimator, plan.noise, plan.seed)
    scene, poses, buffer = plan.scene(), [], None
    for index in range(round(plan.motion.duration * FPS)):
        t = index / FPS
        buffer, _ = scene.render(t, buffer)
        poses.append((t, tracker.track(buffer, t)))
    return poses


def _track_poses(plan: SetPlan, config: Config, scratch: Path | None) -> Poses:
    scene = plan.scene()
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        path = Path(folder) / f"{plan.cls}-{plan.index}.jsonl"
        header = TrackHeader(*scene.camera.size, FPS, f"athlete:{plan.motion.exercise}:raw")
        frames = perturbed_track(scene, FPS, plan.noise, plan.seed, config.pose.min_score)
        write_file(path, lambda stream: write_track(stream, header, frames))
        # Read back as ``kiosk analyze`` reads a raw track: checked, then smoothed as live frames are.
        return list(clip_poses(config, path))
