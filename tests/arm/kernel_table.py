"""MoveNet's 17 outputs (y, x, score) on the tests' tree pose photo, from each kernel path, side by side.

    python tests/arm/kernel_table.py run build/arm/x86.json --save-input build/arm/input.npy
    tests/arm/python tests/arm/kernel_table.py run build/arm/arm.json --input build/arm/input.npy
    python tests/arm/kernel_table.py table build/arm/x86.json build/arm/arm.json

``run`` invokes the model on XNNPACK and on the built-in kernels of the machine it runs on and
saves the raw outputs; ``--input`` gives every machine the same model input (the photo letterboxed
by the pose engine), so that only the kernels differ, not OpenCV's warp. ``table`` prints the runs
side by side with each keypoint's largest difference. ``make test-arm`` does all three.

>>> table([{"machine": "x86_64", "outputs": {"xnnpack": [[0.5, 0.25, 0.9]] * 17}}]).splitlines()[2]
'| nose | 0.5000 0.2500 0.90 | 0.0000 | 0.00 |'
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import platform
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
PHOTO = ROOT / "tests" / "fixtures" / "tree_pose.jpeg"


class _InputRecorder:
    """The real interpreter, keeping a copy of the input the pose engine hands it."""

    def __init__(self, interpreter: Any):
        self._interpreter = interpreter
        self.input: np.ndarray | None = None

    def set_tensor(self, index: int, value: np.ndarray) -> None:
        self.input = value.copy()
        self._interpreter.set_tensor(index, value)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._interpreter, name)


def engine_input() -> np.ndarray:
    """The model input the pose engine makes of the photo: letterboxed to 192×192, RGB."""
    import cv2

    from kiosk.config import ModelConfig
    from kiosk.pose import PoseEstimator, load_interpreter

    recorder = _InputRecorder(load_interpreter(ModelConfig(num_threads=1)))
    PoseEstimator(recorder).estimate(cv2.imread(str(PHOTO)), 0.0)
    assert recorder.input is not None
    return recorder.input


def run(model_input: np.ndarray) -> dict[str, Any]:
    """The raw outputs of each kernel path on this machine, and what they ran on."""
    import cv2

    from kiosk.config import ModelConfig
    from kiosk.pose.model import KERNELS, load_interpreter, uses_xnnpack

    outputs = {}
    for kernels in KERNELS:
        interpreter = load_interpreter(ModelConfig(num_threads=1), kernels=kernels)
        if uses_xnnpack(interpreter) is not (kernels == "xnnpack"):
            raise SystemExit(
                f"asked for {kernels} kernels, the runtime says XNNPACK is {uses_xnnpack(interpreter)}"
            )
        interpreter.set_tensor(interpreter.get_input_details()[0]["index"], model_input)
        interpreter.invoke()
        outputs[kernels] = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])[0, 0].tolist()
    from importlib.metadata import version

    return {
        "machine": platform.machine(),
        "python": platform.python_version(),
        "litert": version("ai-edge-litert"),
        "opencv": cv2.__version__,
        "input_sha256": hashlib.sha256(model_input.tobytes()).hexdigest(),
        "outputs": outputs,
    }


def table(runs: list[dict[str, Any]]) -> str:
    """A markdown table: one column per machine and kernel path, then the largest differences."""
    from kiosk.pose import KEYPOINT_NAMES

    columns = [(f"{r['machine']} {kernels}", out) for r in runs for kernels, out in r["outputs"].items()]
    header = " | ".join(f"{name} y x score" for name, _ in columns)
    lines = [f"| keypoint | {header} | max Δ y,x | max Δ score |", "|---" * (len(columns) + 3) + "|"]
    for index, name in enumerate(KEYPOINT_NAMES):
        values = [np.array(out[index]) for _, out in columns]
        cells = " | ".join(f"{v[0]:.4f} {v[1]:.4f} {v[2]:.2f}" for v in values)
        pairs = list(itertools.combinations(values, 2)) or [(values[0], values[0])]
        coordinate = max(float(np.abs(a[:2] - b[:2]).max()) for a, b in pairs)
        score = max(abs(float(a[2] - b[2])) for a, b in pairs)
        lines.append(f"| {name} | {cells} | {coordinate:.4f} | {score:.2f} |")
    return "\n".join(lines)


def main() -> None:
    """Run this machine's kernel paths, or print the table of saved runs."""
    parser = argparse.ArgumentParser(prog="tests/arm/kernel_table.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_command = commands.add_parser("run", help="invoke the model on each kernel path and save the outputs")
    run_command.add_argument("output", type=Path, help="the JSON file to write")
    run_command.add_argument("--input", type=Path, help="a model input saved by --save-input (.npy)")
    run_command.add_argument("--save-input", type=Path, help="save the model input here (.npy)")
    table_command = commands.add_parser("table", help="print saved runs side by side")
    table_command.add_argument("runs", type=Path, nargs="+", help="JSON files written by run")
    args = parser.parse_args()
    if args.command == "run":
        model_input = np.load(args.input) if args.input else engine_input()
        if args.save_input:
            np.save(args.save_input, model_input)
        result = run(model_input)
        args.output.write_text(json.dumps(result, indent=1))
        print(f"{result['machine']}: outputs of {', '.join(result['outputs'])} saved in {args.output}")
        return
    runs = [json.loads(path.read_text()) for path in args.runs]
    for r in runs:
        print(f"{r['machine']}: Python {r['python']}, ai-edge-litert {r['litert']}, OpenCV {r['opencv']}, "
              f"model input sha256 {r['input_sha256'][:12]}")  # fmt: skip
    print()
    print(table(runs))


if __name__ == "__main__":
    sys.exit(main())
