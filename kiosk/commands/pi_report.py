"""``make pi-report``: what a Raspberry Pi makes of the kiosk, measured, in one JSON file.

    python -m kiosk.commands.pi_report [-o FILE] [--source SRC] [--frames N] [--pose-frames N]

Run on the Pi itself with the service stopped (it holds the camera and the
screen: ``sudo systemctl stop kiosk``). It records:

- the pose engine's bench with 1, 2 and 4 interpreter threads;
- ``kiosk bench --realtime --source picamera`` with vsync on and with it off,
  each in its own process (a bench that fails is recorded with its error);
- SDL's version, the video drivers built into it, the one the service uses
  and the one each bench opened;
- the CPU temperature and the firmware's throttling flags every second over
  the whole run (their peak, and every reading).

The README's "On a Pi 5" says where to send the file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

DEFAULT_OUTPUT = Path("build/pi-report.json")
POSE_THREADS = (1, 2, 4)
SAMPLE_SECONDS = 1.0
PACKAGES = ("warmup-mirror", "pygame-ce", "numpy", "ai-edge-litert", "opencv-python-headless", "picamera2")


class ThermalLog:
    """Reads the temperature and the throttling flags every ``interval`` seconds on its own thread."""

    def __init__(self, interval: float = SAMPLE_SECONDS):
        self.interval = interval
        self.readings: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="pi-report-thermal", daemon=True)

    def __enter__(self) -> ThermalLog:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._read()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._read()
            self._stop.wait(self.interval)

    def _read(self) -> None:
        from hardware.thermal import cpu_temperature, throttled

        self.readings.append(
            {
                "t": round(time.monotonic() - self._started, 1),
                "cpu_c": cpu_temperature(),
                "throttled": throttled(),
            }
        )

    def summary(self) -> dict[str, Any]:
        """The peak temperature, every throttling flag seen, and all the readings."""
        temperatures = [r["cpu_c"] for r in self.readings if r["cpu_c"] is not None]
        flags = [r["throttled"] for r in self.readings if r["throttled"] is not None]
        seen = 0
        for value in flags:
            seen |= value
        return {
            "cpu_c_max": max(temperatures, default=None),
            "cpu_c_first": temperatures[0] if temperatures else None,
            "throttled_flags_seen": hex(seen) if flags else None,
            "readings": self.readings,
        }


def pose_benches(frames: int, threads: tuple[int, ...] = POSE_THREADS) -> list[dict[str, Any]]:
    """The pose engine's bench with each thread count, on the same rendered frames."""
    from kiosk.commands.bench_pose import DISTINCT_FRAMES, bench_frames, run

    images = bench_frames(min(DISTINCT_FRAMES, max(frames, 10)))
    results = []
    for count in threads:
        try:
            results.append(run(frames, count, images))
        except Exception as error:  # noqa: BLE001 - one failed bench is recorded, the report goes on
            results.append({"threads": count, "error": f"{type(error).__name__}: {error}"})
    return results


def kiosk_bench(source: str, frames: int, vsync: bool, config: str | None) -> dict[str, Any]:
    """``kiosk bench --realtime`` in its own process; its figures, or its one-line error."""
    command = [sys.executable, "-m", "kiosk", "bench", "--realtime", "--json", "--source", source,
               "--frames", str(frames), "--vsync", "on" if vsync else "off"]  # fmt: skip
    if config:
        command += ["--config", config]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    figures: dict[str, Any] = {"command": " ".join(command[2:]), "vsync": vsync}
    try:
        figures.update(json.loads(result.stdout.strip().splitlines()[-1]))
    except (IndexError, json.JSONDecodeError):
        errors = [line for line in result.stderr.splitlines() if line and not line.startswith("INFO:")]
        figures["error"] = errors[-1] if errors else f"exit code {result.returncode}"
    figures["seconds"] = round(time.monotonic() - started, 1)
    return figures


def sdl_facts() -> dict[str, Any]:
    """SDL's version, its built-in video drivers and the one the service draws through."""
    from kiosk.system.service import service_video_driver
    from kiosk.ui.sdl import driver_problem, sdl_version, video_drivers

    driver, where = service_video_driver()
    return {
        "version": ".".join(map(str, sdl_version())),
        "video_drivers": list(video_drivers()),
        "service_driver": driver,
        "service_driver_from": where,
        "service_driver_problem": driver_problem(driver),
    }


def machine_facts() -> dict[str, Any]:
    """The board, the system and the versions that matter to the figures."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    from hardware.probe import board

    try:
        release = (
            dict(
                line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line
            )
            .get("PRETTY_NAME", "")
            .strip('"')
        )
    except OSError:
        release = None
    return {
        "board": board(),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "os": release,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": {name: installed(name) for name in PACKAGES},
        "service_active": _service_active(),
    }


def build_report(source: str, frames: int, pose_frames: int, config: str | None) -> dict[str, Any]:
    """Everything ``make pi-report`` records."""
    started = datetime.datetime.now(datetime.UTC)
    with ThermalLog() as thermal:
        machine = machine_facts()
        sdl = sdl_facts()
        poses = pose_benches(pose_frames)
        benches = [kiosk_bench(source, frames, vsync, config) for vsync in (True, False)]
    return {
        "format": "kiosk-pi-report/1",
        "started": started.isoformat(timespec="seconds"),
        "machine": machine,
        "sdl": sdl,
        "pose_bench": poses,
        "kiosk_bench": benches,
        "thermal": thermal.summary(),
    }


def _service_active() -> str | None:
    try:
        shown = subprocess.run(["systemctl", "is-active", "kiosk.service"], capture_output=True, text=True)
    except OSError:
        return None
    return shown.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    """Measure, write the report, and say where it is."""
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.commands.pi_report", description=__doc__.splitlines()[0]
    )
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help=f"default {DEFAULT_OUTPUT}")
    parser.add_argument(
        "--source", default="picamera", help="the realtime benches' source (default picamera)"
    )
    parser.add_argument("--frames", type=int, default=900, help="frames per realtime bench (default 900)")
    parser.add_argument("--pose-frames", type=int, default=300, help="frames per pose bench (default 300)")
    parser.add_argument("--config", help="configuration file for the realtime benches")
    args = parser.parse_args(argv)
    if args.frames < 1 or args.pose_frames < 1:
        parser.error("--frames and --pose-frames must be 1 or more")
    if _service_active() == "active":
        print(
            "pi-report: the kiosk service holds the camera and the screen: sudo systemctl stop kiosk",
            file=sys.stderr,
        )
        return 1
    report = build_report(args.source, args.frames, args.pose_frames, args.config)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    from kiosk.files import write_file

    text = json.dumps(report, indent=1) + "\n"
    write_file(args.output, lambda stream: stream.write(text))
    failed = [bench["command"] for bench in report["kiosk_bench"] if "error" in bench]
    print(
        f"pi-report: written to {args.output}"
        + (f" ({len(failed)} bench(es) failed: see 'error')" if failed else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
