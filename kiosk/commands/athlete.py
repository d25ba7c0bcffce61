"""``kiosk athlete``: render the synthetic athlete to a video, with its ground truth."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO

import cv2

from kiosk.athlete import Athlete, BodyShape, Camera, Motion, Scene, parse_fault
from kiosk.athlete.motion import EXERCISES
from kiosk.athlete.truth import rep_truth
from kiosk.errors import KioskError
from kiosk.files import check_writable, write_file, write_file_from
from kiosk.pose.keypoints import Pose
from kiosk.pose.track import FORMAT, frame_line


def athlete_command(args) -> int:
    """Render the clip and write the truth; returns the exit code."""
    if args.exercise not in EXERCISES:
        raise KioskError(
            f"unknown exercise {args.exercise!r} for the athlete: choose one of {', '.join(EXERCISES)}"
        )
    try:
        faults = tuple(parse_fault(text) for text in args.fault)
    except ValueError as error:
        raise KioskError(f"--fault: {error}") from None
    for fault in faults:
        if max(fault.reps) > args.reps:
            raise KioskError(f"--fault {fault.kind}@{max(fault.reps)}: there are only {args.reps} reps")
    if args.output.suffix.lower() not in (".mp4", ".avi"):
        raise KioskError(f"-o {args.output}: give a file ending in .mp4 or .avi")
    for path in (args.output, args.truth):
        if path is not None:
            check_writable(path)
    motion = Motion(args.exercise, reps=args.reps, faults=faults, depth=args.depth)
    camera = Camera(height=args.camera_height, distance=args.distance)
    scene = Scene(Athlete(BodyShape(height=args.height)), camera, motion)
    frames = round(motion.duration * args.fps)
    _write_video(scene, args.output, args.fps, frames)
    if args.truth is not None:
        write_file(args.truth, lambda stream: _write_truth(stream, scene, args, frames))
    print(f"{args.output}: {frames} frames, {motion.reps} reps of {motion.exercise}", file=sys.stderr)
    return 0


def _write_video(scene: Scene, path: Path, fps: float, frames: int) -> None:
    def render(scratch: Path) -> None:
        fourcc = cv2.VideoWriter_fourcc(*("mp4v" if path.suffix.lower() == ".mp4" else "MJPG"))
        writer = cv2.VideoWriter(str(scratch), fourcc, fps, scene.camera.size)
        if not writer.isOpened():
            raise KioskError(f"cannot write the video {path}: OpenCV has no encoder for {path.suffix}")
        try:
            buffer = None
            for index in range(frames):
                buffer, _ = scene.render(index / fps, buffer)
                writer.write(buffer)
        finally:
            writer.release()

    write_file_from(path, render)


def _write_truth(stream: IO[str], scene: Scene, args, frames: int) -> None:
    width, height = scene.camera.size
    header = {
        "format": FORMAT,
        "width": width,
        "height": height,
        "fps": args.fps,
        "source": f"athlete:{scene.motion.exercise}",
        "truth": {
            "reps": rep_truth(scene),
            "body_height_m": args.height,
            "camera": {"height_m": args.camera_height, "distance_m": args.distance},
        },
    }
    stream.write(json.dumps(header) + "\n")
    for index in range(frames):
        t = index / args.fps
        truth = scene.truth(t)
        stream.write(frame_line(t, Pose(truth.keypoints, t, (width, height))) + "\n")
