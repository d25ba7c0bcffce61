"""The ``kiosk`` command line.

    kiosk run [--source SRC] [--start ID] [--frames N] [--screenshot PATH] [--windowed] [--hud]
              [--config PATH]
    kiosk bench [--source SRC] [--frames N] [--realtime] [--vsync on|off] [--renderer R[,R]] [--json]
    kiosk bench --peer [--frames N] [--rounds R] [--peer-threads T] [--json]
    kiosk pose IMAGE|VIDEO [--json] [-o FILE] [--config PATH]
    kiosk analyze SOURCE --exercise ID [--json] [-o FILE] [--plot FILE] [--camera-height M]
                  [--camera-tilt DEG] [--camera-hfov DEG] [--config PATH]
    kiosk athlete --exercise ID [--reps N] [--fault KIND:MAG@REPS ...] -o VIDEO [--truth FILE]
                  [--raw-track FILE [--noise PX] [--dropout SHARE]] [camera, body and set options]
    kiosk config show [--effective] [--json|--raw] | get KEY|SECTION [--json|--raw]
                 | set KEY VALUE [KEY VALUE ...] [--restart] [--json] [--dry-run]
                 | reset KEY|SECTION ... [--restart]
                 | validate [FILE] [--json|--raw] | diff [--json] | keys [SECTION|KEY] [--json] | edit
    kiosk status [--json]
    kiosk doctor [--as-service] [--config PATH]

``--config PATH`` is accepted by every command, before or after it (``kiosk
--config F config show`` is ``kiosk config show --config F``).

Every error is one line on stderr and a non-zero exit code: 2 for bad input
or a broken installation, 1 when an image holds no person or ``kiosk config``
refuses a change (the file is then unchanged).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

from hardware.errors import DeviceError
from hardware.source_spec import SOURCE_HELP, parse_source
from kiosk.errors import KioskError
from kiosk.system.logs import configure_logging, error_line


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that points at --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = _Parser(prog="kiosk", description="Warm-up Mirror: knee-tracking coach for the gym.")
    _add_config_option(parser, None)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="run the mirror")
    run.add_argument("--source", help=f"where frames come from: {SOURCE_HELP} (default: [camera] source)")
    run.add_argument(
        "--start", metavar="ID", help="open a session at once: 'routine', or an exercise such as squat"
    )
    run.add_argument("--frames", type=_positive_int, help="stop after drawing N frames")
    run.add_argument("--screenshot", type=Path, metavar="PATH", help="save the last screen drawn as an image")
    run.add_argument("--windowed", action="store_true", help="run in a window instead of full screen")
    run.add_argument("--hud", action="store_true", help="show fps, stage times and pose age (for staff)")

    bench = commands.add_parser("bench", help="measure the app loop at 1920x1080: fps, latency, pose age")
    bench.add_argument("--source", help=f"{SOURCE_HELP} (default: the demo athlete, held in memory)")
    bench.add_argument("--frames", type=_positive_int, default=900, help="frames to measure (default 900)")
    bench.add_argument("--realtime", action="store_true", help="pace frames at the source's own rate")
    bench.add_argument(
        "--vsync",
        choices=("on", "off"),
        help="flip in step with the screen's refresh (default: display.vsync)",
    )
    bench.add_argument(
        "--renderer",
        type=_renderers,
        default=(),
        metavar="R[,R]",
        help="surface, gpu or auto (default: display.renderer); surface,gpu measures both, in turn",
    )
    bench.add_argument(
        "--peer", action="store_true", help="side by side with the TF Lite Pi pose example's loop, in turns"
    )
    bench.add_argument("--rounds", type=_positive_int, default=3, help="with --peer: turns each (default 3)")
    bench.add_argument(
        "--peer-threads",
        type=_positive_int,
        default=4,
        help="with --peer: the peer's interpreter threads (4)",
    )
    bench.add_argument("--json", action="store_true", help="print one JSON object")

    pose = commands.add_parser("pose", help="the keypoints found in an image, or a video's keypoint track")
    pose.add_argument("source", type=Path, metavar="IMAGE|VIDEO")
    pose.add_argument(
        "--json", action="store_true", help='for an image: print {"keypoints": [[x, y, score] x 17]}'
    )
    pose.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")

    analyze = commands.add_parser("analyze", help="a rep-by-rep report of a video or keypoint track")
    analyze.add_argument("source", type=Path, metavar="SOURCE", help="a video file or a kiosk-track/1 file")
    analyze.add_argument(
        "--exercise", required=True, metavar="ID", help="squat, reverse_lunge, step_down, ..."
    )
    analyze.add_argument("--json", action="store_true", help="print the report as JSON")
    analyze.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="also save the JSON report to FILE"
    )
    analyze.add_argument("--plot", type=Path, metavar="FILE", help="draw both knees' offset over time (PNG)")
    analyze.add_argument(
        "--camera-height", type=_between(0.1, 3.0, "metres"), metavar="M",
        help="the filming camera's height above the floor, if known (default: taken as level)",
    )  # fmt: skip
    analyze.add_argument(
        "--camera-tilt", type=_between(-30, 60, "degrees"), default=0.0, metavar="DEG",
        help="how far it looks down, degrees (with --camera-height)",
    )  # fmt: skip
    analyze.add_argument(
        "--camera-hfov", type=_between(20, 160, "degrees"), default=66.0, metavar="DEG",
        help="its horizontal field of view (default 66)",
    )  # fmt: skip

    athlete = commands.add_parser("athlete", help="render the synthetic athlete to a video with ground truth")
    athlete.add_argument(
        "--exercise",
        default="squat",
        help="squat, reverse_lunge, step_down, drop_landing, ...; or the "
        "non-reps shuffle and pick_up (their truth is zero reps)",
    )
    athlete.add_argument("--reps", type=_positive_int, default=6)
    athlete.add_argument("--fault", action="append", default=[], metavar="KIND:MAGNITUDE@REPS",
                         help="e.g. left_knee_in:15@2,4 (degrees), hip_drop:8@3, shallow:0.5@1; repeat the "
                              "flag for more: --fault left_knee_in:20@1 --fault right_knee_in:20@1 caves "
                              "both knees on rep 1")  # fmt: skip
    athlete.add_argument("-o", "--output", type=Path, required=True, metavar="VIDEO", help="the clip (.mp4)")
    athlete.add_argument(
        "--truth", type=Path, metavar="FILE", help="the true keypoints and reps (kiosk-track/1)"
    )
    athlete.add_argument(
        "--raw-track", type=Path, metavar="FILE",
        help="also a kiosk-track/1 of the truth with --noise and --dropout applied, for kiosk analyze",
    )  # fmt: skip
    athlete.add_argument(
        "--noise", type=_between(0, 30, "pixels"), help="keypoint jitter (sd, px; default 6)"
    )
    athlete.add_argument(
        "--dropout", type=_between(0, 0.5, "(a share of keypoints)"),
        help="share of keypoints scored low in each frame (default 0.04)",
    )  # fmt: skip
    athlete.add_argument("--seed", type=int, default=0, help="for the noise and the non-reps' timing")
    athlete.add_argument("--height", type=_between(1.4, 2.1, "metres"), default=1.75, help="body height, m")
    athlete.add_argument("--camera-height", type=_between(0.3, 2.5, "metres"), default=1.2, help="metres")
    athlete.add_argument(
        "--distance", type=_between(1.5, 5.0, "metres"), default=2.5, help="metres to the camera"
    )
    athlete.add_argument(
        "--pitch", type=_pitch, default=8.0,
        help="camera tilt in degrees, + down, - up (-30 to 30; default 8), or 'auto' to fit the person",
    )  # fmt: skip
    athlete.add_argument(
        "--head-out", type=_between(0, 1, "(0 cuts at the shoulders, 1 at the nose)"), metavar="SHARE",
        help="cut the head off at the picture's top edge, SHARE of the way from shoulders to nose",
    )  # fmt: skip
    athlete.add_argument(
        "--turn", type=_between(-60, 60, "degrees"), default=0.0,
        help="the person turned about the vertical, + to their own left (default 0: facing the camera)",
    )  # fmt: skip
    athlete.add_argument(
        "--arms", default="forward", choices=("forward", "overhead", "bar"),
        help="forward (at the bottom of each rep), overhead (the whole set) or bar (a back squat)",
    )  # fmt: skip
    athlete.add_argument("--depth", type=_between(0.2, 1.2, "of a parallel squat"), default=1.0)
    athlete.add_argument(
        "--knees-out", type=_between(0, 30, "degrees"), default=0.0,
        help="knees pushed out past the feet at the bottom, degrees (a good rep)",
    )  # fmt: skip
    athlete.add_argument(
        "--stance", type=_between(0.05, 0.3, "of body height"), default=0.13, help="half the ankle gap"
    )
    athlete.add_argument("--turn-out", type=_between(0, 45, "degrees"), default=12.0, help="each foot")
    athlete.add_argument(
        "--lead-in", type=_between(0, 10, "seconds"), help="standing before the first rep (default 2 s)"
    )
    athlete.add_argument(
        "--start-mid-rep", type=_between(0.01, 0.45, "of the first rep"), metavar="SHARE",
        help="start the clip SHARE of the way into the first rep, with no standing before it",
    )  # fmt: skip
    athlete.add_argument(
        "--tail", type=_between(0, 10, "seconds"), default=1.0, help="standing after the last rep"
    )
    athlete.add_argument("--fps", type=_between(10, 60, "frames per second"), default=30.0)

    config = commands.add_parser("config", help="show, check or change the configuration")
    actions = config.add_subparsers(dest="action", required=True, parser_class=_Parser)
    show = actions.add_parser(
        "show", help="print the file, or --effective: every setting in force and its source"
    )
    show.add_argument(
        "--effective", action="store_true", help="every setting in force, and where it came from"
    )
    get = actions.add_parser(
        "get", help="print one setting in force (coach.knee_in_offset), or a section (coach)"
    )
    get.add_argument("key", metavar="KEY|SECTION")
    set_ = actions.add_parser(
        "set",
        help="change settings (all or none), check, write atomically, reload; KEY VALUE [KEY VALUE ...]",
    )
    set_.add_argument("pairs", nargs="+", metavar="KEY VALUE")
    reset = actions.add_parser(
        "reset", help="remove keys (or sections) from the file: back to their defaults"
    )
    reset.add_argument("keys", nargs="+", metavar="KEY|SECTION")
    for writer in (set_, reset):
        writer.add_argument(
            "--restart", action="store_true", help="restart the kiosk service if a change needs a restart"
        )
    set_.add_argument("--json", action="store_true", help="print JSON: per key before, after, changed")
    set_.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    check = actions.add_parser("validate", help="check a file (default: the one in force): every problem")
    check.add_argument("file", nargs="?", metavar="FILE")
    actions.add_parser("diff", help="the file against the defaults, and the running kiosk against the file")
    actions.add_parser("edit", help="edit a copy in $EDITOR, validate it, then apply it")
    keys = actions.add_parser("keys", help="every key: its type, range, default, when a change applies, help")
    keys.add_argument("which", nargs="?", metavar="SECTION|KEY")
    for reader in (show, get, check, keys, actions.choices["diff"]):
        reader.add_argument("--json", action="store_true", help="print JSON")
    for reader in (show, get, check):
        reader.add_argument(
            "--raw", action="store_true", help="print bare values (show: the file's bytes, or plain TOML)"
        )

    status = commands.add_parser("status", help="what the running kiosk is doing")
    status.add_argument("--json", action="store_true")
    doctor = commands.add_parser("doctor", help="check the camera, display, GPIO, model and configuration")
    doctor.add_argument(
        "--as-service",
        action="store_true",
        help="run the checks as the service: its user, environment, sandbox",
    )
    # --config before or after the command (and the config action), the same for every command.
    for command in commands.choices.values():
        _add_config_option(command, argparse.SUPPRESS)
    for action in actions.choices.values():
        _add_config_option(action, argparse.SUPPRESS)
    return parser


def _add_config_option(parser: argparse.ArgumentParser, default) -> None:
    """``--config PATH``; below the top level its default is SUPPRESS, so it never hides one given earlier."""
    parser.add_argument(
        "--config", type=Path, metavar="PATH", default=default,
        help="configuration file (TOML; default: $KIOSK_CONFIG, else /etc/kiosk/config.toml)",
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    configure_logging(logging.INFO if args.command == "run" else logging.WARNING)
    stdout, sys.stdout = sys.stdout, _StandardOutput(sys.stdout)
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # here, so that a full disk is reported in one line rather than at exit
        return code
    except (KioskError, DeviceError) as error:
        if isinstance(error, _StandardOutputError):
            _discard_stdout()
        print(error_line(f"kiosk: error: {error}"), file=sys.stderr)
        return getattr(error, "exit_code", 2)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`kiosk pose clip.mp4 | head`): stop quietly.
        _discard_stdout()
        return 1
    finally:
        sys.stdout = stdout


def _dispatch(args) -> int:
    if args.command == "config":
        from kiosk.commands.config import config_command

        return config_command(args)
    if args.command == "status":
        from kiosk.commands.status import status_command

        return status_command(args.json)
    if args.command == "doctor":
        from kiosk.commands.doctor import doctor_command

        return doctor_command(args.config, args.as_service)
    from kiosk.config import calibration_path, load_config

    if args.command == "run":
        from kiosk.app.last_good import LastGood, start_config
        from kiosk.app.wiring import run_kiosk
        from kiosk.config import in_use, state_folder

        calibration = calibration_path()
        # Under systemd a bad file must not stop the mirror: it runs on its last good configuration.
        last_good = LastGood(state_folder() / "last-good.toml") if os.environ.get("NOTIFY_SOCKET") else None
        config, library, config_error = start_config(args.config, calibration, last_good)
        logging.getLogger().setLevel(config.logging.level.upper())

        def run(config, config_error, library) -> None:
            # The one parse of the source, from the command line or the configuration in force.
            source = parse_source(args.source or config.camera.source)
            run_kiosk(
                config, source, args.frames, args.screenshot, args.windowed, in_use(args.config),
                hud=args.hud, start=args.start, calibration_file=calibration, last_good=last_good,
                config_error=config_error, library=library,
            )  # fmt: skip

        try:
            run(config, config_error, library)
        except Exception as error:
            # A file that passed the schema but failed the start checks (a missing model.path):
            # under systemd the mirror runs on the last good one instead of hitting the start limit.
            if last_good is None or last_good.pending is None:
                raise
            message = str(error) if isinstance(error, KioskError) else f"{type(error).__name__}: {error}"
            last_good.pending = None
            run(*_fallback(last_good, calibration, message))
        return 0
    config = load_config(args.config)
    if args.command == "bench":
        from kiosk.commands.bench import bench_command

        vsync = None if args.vsync is None else args.vsync == "on"
        if args.peer:
            from kiosk.commands.bench import print_figures
            from kiosk.commands.bench_peer import run_peer_comparison

            print_figures(run_peer_comparison(config, args.frames, args.rounds, args.peer_threads), args.json)
            return 0
        return bench_command(config, args.source, args.frames, args.realtime, args.json, vsync, args.renderer)
    if args.command == "athlete":
        from kiosk.commands.athlete import athlete_command

        return athlete_command(args)
    if args.command == "analyze":
        from kiosk.coach.depth import CameraMount
        from kiosk.commands.analyze import analyze_command

        mount = (
            CameraMount(args.camera_height, args.camera_tilt, args.camera_hfov)
            if args.camera_height is not None
            else None
        )
        return analyze_command(config, args.source, args.exercise, args.json, args.output, args.plot, mount)
    from kiosk.commands.pose import pose_command

    return pose_command(config, args.source, args.json, args.output)


def _fallback(last_good, calibration, message):
    config, library = last_good.fallback(calibration, message)
    return config, message, library


class _StandardOutputError(KioskError):
    """Standard output cannot be written (a full disk, a device that refuses)."""


class _StandardOutput:
    """``sys.stdout``, with a failed write reported as one line instead of a traceback."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._guard(self._stream.write, text)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)

    @staticmethod
    def _guard(call, *args):
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _StandardOutputError(f"cannot write to standard output ({error.strerror})") from None


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so that Python's own flush at exit finds nothing to fail on."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _between(low: float, high: float, unit: str):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} must be between {low} and {high} {unit}")
        return value

    return parse


def _pitch(text: str) -> float | str:
    if text == "auto":
        return text
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of degrees or 'auto'") from None
    if not -30 <= value <= 30:
        raise argparse.ArgumentTypeError(f"{text} must be between -30 and 30 degrees, or 'auto'")
    return value


def _renderers(value: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split(","))
    wrong = [name for name in names if name not in ("surface", "gpu", "auto")]
    if wrong:
        raise argparse.ArgumentTypeError(f"{', '.join(wrong)}: give surface, gpu or auto, comma-separated")
    return names


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value
