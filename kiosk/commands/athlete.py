"""``kiosk athlete``: render the synthetic athlete to a video, with its ground truth.

``--truth FILE`` writes the exact keypoints (a ``kiosk-track/1`` file whose
header also holds each rep's truth; a keypoint outside the picture has score
0). ``--raw-track FILE`` writes the same truth perturbed by ``--noise`` and
``--dropout``, as a track from another tool would be, for ``kiosk analyze``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import IO

import cv2

from kiosk.athlete import Athlete, BodyShape, Camera, Motion, Scene, parse_fault
from kiosk.athlete.framing import cut_head, extent_points, fits, frame_person
from kiosk.athlete.perturb import KeypointNoise, perturbed_track
from kiosk.athlete.script import MOTIONS
from kiosk.athlete.truth import rep_truth
from kiosk.errors import KioskError
from kiosk.files import check_writable, write_file, write_file_from
from kiosk.pose.keypoints import Pose
from kiosk.pose.track_file import FORMAT, TrackHeader, frame_line, write_track

# The nearest a body point may be to the camera's plane, along its axis, for a pitch given by hand.
MIN_DEPTH_M = 0.2


def athlete_command(args) -> int:
    """Render the clip and write the truth; returns the exit code."""
    scene, noise = _scene(args), _noise(args)
    for path in (args.output, args.truth, args.raw_track):
        if path is not None:
            check_writable(path)
    motion = scene.motion
    frames = round(motion.duration * args.fps)
    _write_video(scene, args.output, args.fps, frames)
    if args.truth is not None:
        write_file(args.truth, lambda stream: _write_truth(stream, scene, args, frames))
    if args.raw_track is not None:
        header = TrackHeader(*scene.camera.size, args.fps, f"athlete:{motion.exercise}:raw")
        poses = perturbed_track(scene, args.fps, noise, args.seed)
        write_file(args.raw_track, lambda stream: write_track(stream, header, poses))
    print(f"{args.output}: {frames} frames, {motion.reps} reps of {motion.exercise}", file=sys.stderr)
    return 0


def _scene(args) -> Scene:
    """The scene the arguments describe; a ``KioskError`` names the argument that is wrong."""
    if args.exercise not in MOTIONS:
        raise KioskError(
            f"unknown exercise {args.exercise!r} for the athlete: choose one of {', '.join(MOTIONS)}"
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
    if args.lead_in is not None and args.start_mid_rep is not None:
        raise KioskError("give --lead-in or --start-mid-rep, not both")
    rep_seconds = Motion.rep_seconds
    lead_in = -args.start_mid_rep * rep_seconds if args.start_mid_rep is not None else args.lead_in
    try:
        motion = Motion(
            args.exercise, reps=args.reps, faults=faults, depth=args.depth, turn=args.turn, arms=args.arms,
            knees_out=args.knees_out, stance=args.stance, turn_out=args.turn_out, tail=args.tail,
            seed=args.seed, **({} if lead_in is None else {"lead_in": lead_in}),
        )  # fmt: skip
    except ValueError as error:
        raise KioskError(str(error)) from None
    body = BodyShape(height=args.height)
    if args.pitch == "auto":
        try:
            camera = frame_person(motion, body, args.camera_height, args.distance)
        except ValueError as error:
            raise KioskError(f"--pitch auto: {error}") from None
        if camera.distance > args.distance + 1e-9:
            raise KioskError(
                f"--pitch auto: from {args.distance} m the person does not fit in the picture of a camera "
                f"{args.camera_height} m high; give --distance {camera.distance:.2f} or more"
            )
    else:
        camera = Camera(height=args.camera_height, distance=args.distance, pitch=args.pitch)
        # A point at (or behind) the camera's plane has no place in the picture: drawing it overflows.
        if camera.to_camera(extent_points(motion, body))[:, 2].min() < MIN_DEPTH_M:
            raise KioskError(
                f"--pitch {args.pitch}: a camera {args.camera_height} m high and {args.distance} m away, "
                "so pitched, has part of the person beside or behind it; try --pitch auto"
            )
    if args.head_out is not None:
        if not fits(camera, extent_points(motion, body)):
            raise KioskError(
                "--head-out: the person does not fit in the picture to begin with; try --pitch auto"
            )
        camera = cut_head(camera, motion, body, args.head_out)
    return Scene(Athlete(body), camera, motion)


def _noise(args) -> KeypointNoise | None:
    if args.raw_track is None:
        if args.noise is not None or args.dropout is not None:
            raise KioskError("--noise and --dropout apply to --raw-track FILE: give one")
        return None
    return KeypointNoise(
        sigma_px=6.0 if args.noise is None else args.noise,
        dropout=0.04 if args.dropout is None else args.dropout,
    )


def _write_video(scene: Scene, path: Path, fps: float, frames: int) -> None:
    def render(scratch: Path) -> None:
        fourcc = cv2.VideoWriter.fourcc(*("mp4v" if path.suffix.lower() == ".mp4" else "MJPG"))
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
    camera, motion = scene.camera, scene.motion
    header = {
        "format": FORMAT,
        "width": width,
        "height": height,
        "fps": args.fps,
        "source": f"athlete:{motion.exercise}",
        "truth": {
            "reps": rep_truth(scene),
            "counts_reps": motion.counts_reps,
            "body_height_m": args.height,
            "camera": {
                "height_m": camera.height,
                "distance_m": round(camera.distance, 3),
                "pitch_deg": round(camera.pitch, 2),
                "principal_y_px": None if camera.principal_y is None else round(camera.principal_y, 1),
            },
            "motion": {
                key: value
                for key, value in asdict(motion).items()
                if key not in ("faults", "exercise", "reps", "depth")
            },
        },
    }
    stream.write(json.dumps(header) + "\n")
    for index in range(frames):
        t = index / args.fps
        truth = scene.truth(t)
        stream.write(frame_line(t, Pose(truth.keypoints, t, (width, height))) + "\n")
