"""The exercise library: the built-in file, the staff's overrides, and refusals in one line."""

import pytest

from kiosk.app.coaching import load_program
from kiosk.coach.built_in_exercises import EXERCISE_IDS, EXERCISES
from kiosk.coach.exercise_library import BUILT_IN, built_in, load_library, parse_library
from kiosk.config import load_config_text
from kiosk.errors import KioskError

ISSUE_TABLE = {
    "glute_bridge": ("activation", "side"),
    "clamshell": ("activation", "front"),
    "lateral_band_walk": ("activation", "front"),
    "hip_flexor_stretch": ("mobility", "side"),
    "knee_to_wall": ("mobility", "side"),
    "squat": ("pattern", "front"),
    "reverse_lunge": ("pattern", "front"),
    "step_down": ("pattern", "front"),
    "drop_landing": ("pattern", "front"),
    "hip_hinge": ("pattern", "side"),
}

GYM = """
[[exercise]]
id = "squat"
name = "Box squat"
kind = "pattern"
facing = "front"
tracker = "reps"
judged = "bilateral"
setup = "Face the mirror, a box behind you"
points = ["Sit back to the box", "Knees over your toes"]
reps = 6
checks = ["knee_tracking", "depth"]

[[exercise]]
id = "single_leg_bridge"
name = "Single-leg bridge"
kind = "activation"
facing = "side"
tracker = "bridge"
setup = "Lie on your back side-on, one foot down"
points = ["Push through the heel", "Hips level"]
reps = 6
per_side = true
checks = ["hip_extension", "top_hold"]

[[routine]]
id = "quick"
name = "Quick warm-up"
check = "step_down"
check_reps = 3
rest_seconds = 10
exercises = ["single_leg_bridge", "squat"]
"""


def test_the_built_in_library_has_every_exercise_of_the_issue_as_a_person_reads_it():
    library = built_in()
    assert {e.id: (e.kind, e.facing) for e in library.exercises} == ISSUE_TABLE
    for exercise in library.exercises:
        assert 2 <= len(exercise.points) <= 3 and 0 < len(exercise.setup) <= 70
        assert exercise.target > 0 and exercise.checks
    assert EXERCISE_IDS[:4] == ("squat", "reverse_lunge", "step_down", "drop_landing")
    assert library.exercises == EXERCISES
    routine = library.routine()
    assert routine.name == "Knee-friendly warm-up" and (routine.check, routine.check_reps) == ("squat", 5)


def test_a_staff_file_overrides_by_id_and_adds_exercises_and_routines(tmp_path):
    path = tmp_path / "gym.toml"
    path.write_text(GYM)
    library = load_library(path)
    assert library.exercise("squat").name == "Box squat" and library.exercise("squat").reps == 6
    assert library.exercise("single_leg_bridge").per_side
    assert library.exercise("clamshell") == built_in().exercise("clamshell")
    assert [r.id for r in library.routines] == ["knee_friendly_warm_up", "quick"]
    assert built_in().exercise("squat").name == "Squat"  # the built-in library is untouched


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("reps = 6\n", "exercise[0]: give either reps or hold_seconds as the target (in 'squat')"),
        ('tracker = "reps"', "exercise[0].tracker: Input should be"),
        ('facing = "front"', "exercise[0].facing: Input should be 'front' or 'side' (got 'behind')"),
        ('exercises = ["single_leg_bridge", "squat"]', "routine 'quick': unknown exercise 'burpee'"),
        ('name = "Quick warm-up"', "not valid TOML"),
        ("reps = 6\n", "exercise[0].reps: Input should be a number, not true"),
    ],
    ids=["two targets", "tracker", "facing", "routine", "toml", "true as reps"],
)
def test_bad_entries_are_refused_in_one_line_that_names_them(change, message):
    replacement = {
        "reps = 6\n": "reps = 6\nhold_seconds = 30\n",
        'tracker = "reps"': 'tracker = "spin"',
        'facing = "front"': 'facing = "behind"',
        'exercises = ["single_leg_bridge", "squat"]': 'exercises = ["burpee"]',
        'name = "Quick warm-up"': 'name = "Quick warm-up',
    }[change]
    if "true" in message:
        replacement = "reps = true\n"
    with pytest.raises(KioskError) as error:
        parse_library(GYM.replace(change, replacement, 1), "gym.toml", built_in())
    assert str(error.value).startswith("gym.toml: ") and message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_configuration_names_the_staff_file_and_the_routine(tmp_path):
    path = tmp_path / "gym.toml"
    path.write_text(GYM)
    config = load_config_text(f'[program]\nexercises_file = "{path}"\nroutine = "quick"\n', "config.toml")
    assert load_program(config.program).routine(config.program.routine).check == "step_down"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('routine = "quick"', "config.toml: program.routine: unknown routine 'quick': choose one of"),
        (
            'exercises_file = "/no/such/gym.toml"',
            "program.exercises_file: exercise file /no/such/gym.toml not found",
        ),
        ('exercises_file = "BROKEN"', "program.exercises_file: BROKEN: exercise[0]: give either reps or"),
    ],
)
def test_bad_program_settings_are_refused_in_one_line(tmp_path, text, message):
    broken = tmp_path / "broken.toml"
    broken.write_text(GYM.replace("reps = 6\n", "reps = 6\nhold_seconds = 30\n", 1))
    text = text.replace("BROKEN", str(broken))
    message = message.replace("BROKEN", str(broken))
    with pytest.raises(KioskError) as error:
        load_program(load_config_text(f"[program]\n{text}\n", "config.toml").program, "config.toml")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_start_up_reads_the_staff_exercise_file_once(tmp_path, monkeypatch):
    from kiosk.app.last_good import start_config
    from kiosk.coach import exercise_library as library

    path, config_file = tmp_path / "gym.toml", tmp_path / "config.toml"
    path.write_text(GYM)
    config_file.write_text(f'[program]\nexercises_file = "{path}"\nroutine = "quick"\n')
    reads = []  # of the staff's file (the built-in one is read once per process)
    monkeypatch.setattr(library, "_read", lambda file, read=library._read: reads.append(file) or read(file))
    library.built_in()
    load_config_text(config_file.read_text(), "config.toml")
    assert reads == []  # the configuration describes; it never reads the exercise file
    config, loaded, error = start_config(config_file, None, None)
    assert [file for file in reads if file == path] == [path] and error is None
    assert loaded.routine(config.program.routine).id == "quick"


def test_the_built_in_file_is_the_one_in_assets():
    assert BUILT_IN.name == "exercises.toml" and BUILT_IN.parent.name == "assets"


def test_how_deep_a_rep_must_go_is_exercise_data_that_staff_can_change():
    library = parse_library(
        GYM.replace(
            'checks = ["knee_tracking", "depth"]\n',
            'checks = ["knee_tracking", "depth"]\n[exercise.depth]\ncount = 0.3\nfull = 0.8\n',
            1,
        ),
        "gym.toml",
        built_in(),
    )
    squat = library.exercise("squat")
    assert (squat.depth.count, squat.depth.full) == (0.3, 0.8)
    assert built_in().exercise("drop_landing").depth.count > built_in().exercise("squat").depth.count


@pytest.mark.parametrize(
    ("depth", "phrase"),
    [
        ("count = 5", "exercise[0].depth.count: Input should be less than or equal to 1.5"),
        ("min_seconds = 8\nmax_seconds = 2", "depth.min_seconds must be less than depth.max_seconds"),
    ],
)
def test_a_bad_depth_target_is_refused_in_one_line(depth, phrase):
    text = GYM.replace(
        'checks = ["knee_tracking", "depth"]\n',
        f'checks = ["knee_tracking", "depth"]\n[exercise.depth]\n{depth}\n',
        1,
    )
    with pytest.raises(KioskError) as refused:
        parse_library(text, "gym.toml", built_in())
    assert phrase in str(refused.value) and "\n" not in str(refused.value)
