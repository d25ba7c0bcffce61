"""The kiosk as pip installs it: a wheel that works from anywhere, and imports that read nothing."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from .conftest import OBLIQUE_CLIP, ROOT, TREE_POSE, error_lines

# Every module of the product, imported in a fresh interpreter that reports each file opened.
IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
import kiosk, hardware
for package in (kiosk, hardware):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if module.name != "kiosk.__main__":
            importlib.import_module(module.name)
code = (".py", ".pyc", ".so", ".pth")
root, venv = sys.argv[1], sys.argv[1] + "/.venv/"
print("\\n".join(p for p in opened if p.startswith(root) and not p.startswith(venv) and not p.endswith(code)))
"""


def test_importing_any_module_reads_no_file():
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, str(ROOT)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


def test_the_wheel_works_installed_outside_the_checkout(tmp_path):
    # Build from a copy, so that the checkout gets no build/ or egg-info.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "kiosk", "hardware"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check", "--no-cache-dir"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(tmp_path), str(source)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("warmup_mirror-*.whl")

    # A fresh venv with only the wheel; its dependencies are borrowed from this venv, not downloaded.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    fresh_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # A plain path line: the dependencies, but not this venv's editable link to the checkout.
    Path(fresh_site, "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(TREE_POSE, elsewhere / "person.jpeg")
    shutil.copy(OBLIQUE_CLIP, elsewhere / "squats.mp4")
    env = {
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "KIOSK_STATE": str(tmp_path / "state.json"),
        "SDL_VIDEODRIVER": "dummy",
    }
    where = subprocess.run(
        ["python", "-c", "import kiosk, hardware; print(kiosk.__file__); print(hardware.__file__)"],
        capture_output=True, text=True, cwd=elsewhere, env=env,
    )  # fmt: skip
    assert all(line.startswith(fresh_site) for line in where.stdout.split()), where.stdout + where.stderr

    commands = {
        "pose": ["kiosk", "pose", "person.jpeg", "--json"],
        "analyze": ["kiosk", "analyze", "squats.mp4", "--exercise", "squat", "--json"],
    }
    running = {
        name: subprocess.Popen(
            command, cwd=elsewhere, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for name, command in commands.items()
    }
    results = {name: subprocess.CompletedProcess(commands[name], 0, *p.communicate(timeout=120))
               for name, p in running.items()}  # fmt: skip
    for name, result in results.items():
        result.returncode = running[name].returncode
        assert result.returncode == 0 and error_lines(result) == [], (name, result.stderr)
    keypoints = json.loads(results["pose"].stdout)["keypoints"]
    assert len(keypoints) == 17 and keypoints[13][2] > 0.3
    report = json.loads(results["analyze"].stdout)
    assert report["exercise"] == "squat" and len(report["reps"]) >= 2
