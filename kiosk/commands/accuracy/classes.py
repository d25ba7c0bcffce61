"""The classes of sets the coach is held to, each varying the way real footage varies.

Every class draws its sets from a fixed seed. Within a class the other
parameters vary too: body height 1.5–2.0 m, stance, foot turn-out, tempo,
a turn of ±10° (people never face a camera exactly), and a camera 0.9–1.6 m
high at 2.0–3.5 m pitched to fit the person, unless the class says
otherwise. Knee-in faults of 5, 10, 15, 20 and 25° (in turn, so each
magnitude is equally common) go on two or three random reps per set, on a
random side (in the partial class on half or full squats only), except in
the classes of good reps only.

>>> plans = plan_class("camera_mirror", 2, seed=1)
>>> [(p.camera.height >= 1.8, 10 <= p.camera.pitch <= 25) for p in plans]
[(True, True), (True, True)]
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kiosk.athlete import Athlete, BodyShape, Camera, Motion, Scene
from kiosk.athlete.framing import cut_head, frame_person
from kiosk.athlete.perturb import KeypointNoise
from kiosk.athlete.script import FaultSpec

MAGNITUDES = (5, 10, 15, 20, 25)
# Beyond this turn a front view cannot judge knee tracking: the rep is expected "not judged: turned".
TURN_JUDGED = 25.0
# How deep the squat asks for, as a share of the way to parallel (≈ 95° of knee flexion for the
# athlete). The partial class keeps well clear of it: quarter squats 0.2–0.27 (≈ 55°), half squats
# 0.5–0.6 (≈ 85°), full ones 1.0 (≈ 110°), so the exact cut does not decide a verdict.
SQUAT_DEPTH_ASKED = 0.75
QUARTER, HALF, FULL = (0.2, 0.27), (0.5, 0.6), (1.0, 1.0)


@dataclass(frozen=True)
class SetPlan:
    """One generated set: the class it belongs to, who moves how, the camera, and any keypoint noise.

    ``source`` says where the poses come from: ``"render"`` (the picture
    through the real model and pose engine) or ``"track"`` (the exact truth,
    perturbed, written to a kiosk-track/1 file and read back).
    """

    cls: str
    index: int
    exercise: str  # the coach's exercise id
    motion: Motion
    body_height: float
    camera: Camera
    noise: KeypointNoise | None = None
    source: str = "render"
    seed: int = 0

    def scene(self) -> Scene:
        """The scene that renders this set."""
        return Scene(Athlete(BodyShape(height=self.body_height)), self.camera, self.motion)


@dataclass(frozen=True)
class SetClass:
    """A class of sets: what varies in it, and how to draw one set."""

    description: str
    draw: Callable[[random.Random, int, Iterator[int]], SetPlan]
    good_only: bool = False


def plan_class(name: str, count: int, seed: int = 7) -> list[SetPlan]:
    """``count`` sets of class ``name``, the same for the same seed."""
    rng = random.Random(f"{seed}:{name}")
    magnitudes = itertools.cycle(MAGNITUDES)
    return [CLASSES[name].draw(rng, index, magnitudes) for index in range(count)]


def _baseline(rng: random.Random, index: int, magnitudes: Iterator[int]) -> SetPlan:
    """Today's variety: as ``make accuracy`` always ran."""
    body = rng.uniform(1.55, 1.95)
    camera = Camera(height=rng.uniform(0.9, 1.5), distance=rng.uniform(2.0, 3.2))
    motion = Motion(
        "squat", reps=6, stance=rng.uniform(0.10, 0.16), turn_out=rng.uniform(5, 20),
        faults=_knee_faults(rng, 6, magnitudes),
    )  # fmt: skip
    return SetPlan("baseline", index, "squat", motion, body, camera, seed=rng.randrange(2**31))


def _squats(
    cls: str,
    rng: random.Random,
    index: int,
    magnitudes: Iterator[int] | None,
    camera_height: tuple[float, float] = (0.9, 1.6),
    pitch: tuple[float, float] | None = None,
    distance: tuple[float, float] = (2.0, 3.5),
    turn: tuple[float, float] = (-10.0, 10.0),
    reps: int = 5,
    noise: KeypointNoise | None = None,
    source: str = "render",
    **motion_fields,
) -> SetPlan:
    """A squat set with everything the class does not fix drawn at random."""
    body = rng.uniform(1.5, 2.0)
    fields = {
        "reps": reps,
        "rep_seconds": rng.uniform(1.8, 2.6),
        "pause": rng.uniform(0.5, 1.0),
        "stance": rng.uniform(0.10, 0.16),
        "turn_out": rng.uniform(5, 20),
        "turn": rng.uniform(*turn),
        **motion_fields,
    }
    if magnitudes is not None and "faults" not in fields:
        fields["faults"] = _knee_faults(rng, fields["reps"], magnitudes)
    motion = Motion("squat", **fields)
    camera = frame_person(
        motion, BodyShape(body), rng.uniform(*camera_height), rng.uniform(*distance),
        pitch=None if pitch is None else rng.uniform(*pitch),
    )  # fmt: skip
    return SetPlan(cls, index, "squat", motion, body, camera, noise, source, rng.randrange(2**31))


def _camera_low(rng, index, magnitudes):
    return _squats("camera_low", rng, index, magnitudes, camera_height=(0.3, 0.8), distance=(1.5, 4.0))


def _camera_mirror(rng, index, magnitudes):
    return _squats(
        "camera_mirror", rng, index, magnitudes, camera_height=(1.8, 2.1), pitch=(10, 25), distance=(1.5, 4.0)
    )


def _turned(rng, index, magnitudes):
    # Half the sets within the judged ±25°, half beyond it, either way round.
    low, high = (0.0, TURN_JUDGED) if index % 2 == 0 else (TURN_JUDGED + 0.5, 45.0)
    sign = rng.choice((-1.0, 1.0))
    magnitude = rng.uniform(low, high)
    return _squats("turned", rng, index, magnitudes, turn=(sign * magnitude, sign * magnitude))


def _head_out(rng, index, magnitudes):
    plan = _squats("head_out", rng, index, magnitudes)
    camera = cut_head(plan.camera, plan.motion, BodyShape(plan.body_height), rng.uniform(0.3, 0.9))
    return SetPlan(plan.cls, index, "squat", plan.motion, plan.body_height, camera, seed=plan.seed)


def _arms_overhead(rng, index, magnitudes):
    return _squats("arms_overhead", rng, index, magnitudes, arms="overhead")


def _bar_on_back(rng, index, magnitudes):
    return _squats("bar_on_back", rng, index, magnitudes, arms="bar")


def _short_standing(rng, index, magnitudes):
    reps = rng.randint(1, 4)
    rep_seconds = rng.uniform(1.8, 2.6)
    # Even sets start 10–35% into the first rep (hips 10–80% of the way down); odd ones after a moment's
    # standing.
    lead_in = -rng.uniform(0.1, 0.35) * rep_seconds if index % 2 == 0 else rng.uniform(0.1, 0.5)
    return _squats(
        "short_standing", rng, index, magnitudes, reps=reps, rep_seconds=rep_seconds, lead_in=lead_in,
        tail=rng.uniform(0.1, 0.5),
    )  # fmt: skip


def _partial(rng, index, magnitudes):
    depths = [QUARTER, HALF, FULL, rng.choice((QUARTER, HALF)), rng.choice((QUARTER, HALF, FULL))]
    rng.shuffle(depths)
    shallow = tuple(
        FaultSpec("shallow", round(rng.uniform(*depth), 3), (rep,))
        for rep, depth in enumerate(depths, start=1)
        if depth != FULL
    )
    # Knee-in only where the knee bends enough to show it: a 15° swing about the hip–ankle axis
    # moves a quarter squat's knee by about 0.01 leg lengths in the picture, a full squat's by 0.1.
    bent = [rep for rep, depth in enumerate(depths, start=1) if depth != QUARTER]
    chosen = sorted(rng.sample(bent, min(len(bent), 2)))
    knees = tuple(
        FaultSpec(f"{rng.choice(('left', 'right'))}_knee_in", float(next(magnitudes)), (rep,))
        for rep in chosen
    )
    return _squats("partial", rng, index, magnitudes, faults=shallow + knees)


def _dropouts_noise(rng, index, magnitudes):
    noise = KeypointNoise(sigma_px=6.0, dropout=rng.uniform(0.03, 0.05))
    return _squats("dropouts_noise", rng, index, magnitudes, noise=noise)


def _raw_track(rng, index, magnitudes):
    noise = KeypointNoise(sigma_px=6.0, dropout=rng.uniform(0.03, 0.05))
    return _squats("raw_track_dropouts_noise", rng, index, magnitudes, noise=noise, source="track")


def _wide_knee(rng, index, magnitudes):
    return _squats(
        "wide_knee", rng, index, None, stance=rng.uniform(0.16, 0.22), turn_out=rng.uniform(20, 35),
        knees_out=rng.uniform(5, 15),
    )  # fmt: skip


def _non_reps(rng, index, magnitudes):
    body = rng.uniform(1.5, 2.0)
    if index % 2 == 0:
        motion = Motion(
            "shuffle", reps=4, rep_seconds=rng.uniform(1.0, 2.0), pause=rng.uniform(0.5, 1.5),
            turn=rng.uniform(-10, 10), seed=rng.randrange(1000), stance=rng.uniform(0.08, 0.14),
        )  # fmt: skip
    else:
        motion = Motion(
            "pick_up", reps=rng.randint(2, 3), rep_seconds=rng.uniform(2.0, 3.0), pause=rng.uniform(0.5, 1.5),
            turn=rng.uniform(-10, 10), seed=rng.randrange(1000), stance=rng.uniform(0.08, 0.14),
        )  # fmt: skip
    camera = frame_person(motion, BodyShape(body), rng.uniform(0.9, 1.6), rng.uniform(2.0, 3.5))
    return SetPlan("non_reps", index, "squat", motion, body, camera, seed=rng.randrange(2**31))


def _single_leg(rng, index, magnitudes):
    body = rng.uniform(1.5, 2.0)
    reps, rep_seconds = 4, rng.uniform(1.8, 2.6)
    motion = Motion("step_down", reps=reps, rep_seconds=rep_seconds, pause=rng.uniform(0.5, 1.0))
    # The clip starts 10–35% into the first rep, whose stance knee caves; one more rep caves too.
    caving = [1, rng.randint(2, reps)]
    faults = tuple(
        FaultSpec(f"{motion.working_side(rep)}_knee_in", float(next(magnitudes)), (rep,)) for rep in caving
    )
    motion = Motion(
        "step_down", reps=reps, rep_seconds=rep_seconds, pause=motion.pause,
        lead_in=-rng.uniform(0.1, 0.35) * rep_seconds, turn=rng.uniform(-10, 10), faults=faults,
        turn_out=rng.uniform(5, 20), tail=rng.uniform(0.3, 1.0),
    )  # fmt: skip
    camera = frame_person(motion, BodyShape(body), rng.uniform(0.9, 1.6), rng.uniform(2.0, 3.5))
    return SetPlan("single_leg_mid_rep", index, "step_down", motion, body, camera, seed=rng.randrange(2**31))


def _habitual(rng, index, magnitudes):
    # Both knees cave 12–25° on every rep, each rep its own amount: the person who always caves.
    reps = rng.randint(3, 5)
    faults = tuple(
        FaultSpec(f"{side}_knee_in", round(rng.uniform(12, 25), 1), (rep,))
        for rep in range(1, reps + 1)
        for side in ("left", "right")
    )
    return _squats(
        "habitual", rng, index, magnitudes, reps=reps, faults=faults, turn=(-25.0, 25.0),
        camera_height=(0.3, 2.1), stance=rng.uniform(0.10, 0.22),
    )  # fmt: skip


def _habitual_one_sided(rng, index, magnitudes):
    reps = rng.randint(3, 5)
    side = rng.choice(("left", "right"))
    faults = tuple(
        FaultSpec(f"{side}_knee_in", round(rng.uniform(12, 25), 1), (rep,)) for rep in range(1, reps + 1)
    )
    return _squats(
        "habitual_one_sided", rng, index, magnitudes, reps=reps, faults=faults, turn=(-25.0, 25.0),
        camera_height=(0.3, 2.1), stance=rng.uniform(0.10, 0.22),
    )  # fmt: skip


def _first_rep(rng, index, magnitudes):
    # One- and two-rep sets whose first rep caves: nothing of the person to compare with yet.
    reps = 1 + index % 2
    magnitude = float(next(magnitudes))
    both = rng.random() < 0.3
    sides = ("left", "right") if both else (rng.choice(("left", "right")),)
    faults = tuple(FaultSpec(f"{side}_knee_in", magnitude, (1,)) for side in sides)
    return _squats("first_rep", rng, index, magnitudes, reps=reps, faults=faults, camera_height=(0.3, 2.1),
                   lead_in=rng.uniform(0.3, 0.8), tail=rng.uniform(0.3, 0.8))  # fmt: skip


def _single_leg_first_rep(rng, index, magnitudes):
    body = rng.uniform(1.5, 2.0)
    rep_seconds = rng.uniform(1.8, 2.6)
    plain = Motion("step_down", reps=2, rep_seconds=rep_seconds, pause=rng.uniform(0.5, 1.0))
    faults = (FaultSpec(f"{plain.working_side(1)}_knee_in", float(next(magnitudes)), (1,)),)
    motion = Motion(
        "step_down", reps=2, rep_seconds=rep_seconds, pause=plain.pause, lead_in=rng.uniform(0.3, 0.8),
        turn=rng.uniform(-10, 10), faults=faults, turn_out=rng.uniform(5, 20), tail=rng.uniform(0.3, 1.0),
    )  # fmt: skip
    camera = frame_person(motion, BodyShape(body), rng.uniform(0.5, 1.6), rng.uniform(2.0, 3.5))
    return SetPlan(
        "single_leg_first_rep", index, "step_down", motion, body, camera, seed=rng.randrange(2**31)
    )


def _turned_far(rng, index, magnitudes):
    sign = rng.choice((-1.0, 1.0))
    magnitude = rng.uniform(30.0, 45.0)
    return _squats("turned_far", rng, index, magnitudes, turn=(sign * magnitude, sign * magnitude))


def _turned_out(rng, index, magnitudes):
    return _squats(
        "turned_out", rng, index, None, turn_out=rng.uniform(0, 30), stance=rng.uniform(0.10, 0.22),
        camera_height=(0.3, 2.1), turn=(-25.0, 25.0), arms=rng.choice(("forward", "overhead", "bar")),
    )  # fmt: skip


def _walk_out(rng, index, magnitudes):
    body = rng.uniform(1.5, 2.0)
    motion = Motion(
        "walk_out", reps=rng.randint(2, 4), rep_seconds=rng.uniform(0.8, 1.4), pause=rng.uniform(0.1, 0.5),
        turn=rng.uniform(-10, 10), seed=rng.randrange(1000), stance=rng.uniform(0.08, 0.14),
    )  # fmt: skip
    camera = frame_person(motion, BodyShape(body), rng.uniform(0.9, 1.6), rng.uniform(2.5, 3.5))
    return SetPlan("walk_out", index, "squat", motion, body, camera, seed=rng.randrange(2**31))


def _knee_faults(
    rng: random.Random, reps: int, magnitudes: Iterator[int], count: tuple[int, ...] = (2, 3)
) -> tuple[FaultSpec, ...]:
    chosen = rng.sample(range(1, reps + 1), min(reps, rng.choice(count)))
    return tuple(
        FaultSpec(f"{rng.choice(('left', 'right'))}_knee_in", float(next(magnitudes)), (rep,))
        for rep in sorted(chosen)
    )


CLASSES: dict[str, SetClass] = {
    "baseline": SetClass(
        "today's variety: camera 0.9–1.5 m up at 8° down, 2.0–3.2 m, facing it, 6 reps", _baseline
    ),
    "camera_low": SetClass("a phone 0.3–0.8 m up, pitched (up) to fit the person, 1.5–4 m", _camera_low),
    "camera_mirror": SetClass("the mirror mount: 1.8–2.1 m up, tilted 10–25° down, 1.5–4 m", _camera_mirror),
    "turned": SetClass("turned −45°…45°; knees judged within ±25°, beyond it 'not judged: turned'", _turned),
    "head_out": SetClass("the picture's top cuts the standing head between shoulders and nose", _head_out),
    "arms_overhead": SetClass("arms overhead the whole set (an overhead squat)", _arms_overhead),
    "bar_on_back": SetClass(
        "a barbell on the back: hands by the shoulders, elbows back and down", _bar_on_back
    ),
    "short_standing": SetClass(
        "1–4 reps; starts 10–35% into a rep, or after 0.1–0.5 s standing; 0.1–0.5 s after", _short_standing
    ),
    "partial": SetClass(
        "quarter (≈55° knee flexion) and half (≈85°) squats among full ones; knee-in on half or full",
        _partial,
    ),
    "dropouts_noise": SetClass(
        "live: 3–5% of keypoints dropped, 6 px noise, before smoothing", _dropouts_noise
    ),
    "raw_track_dropouts_noise": SetClass(
        "the truth with 3–5% dropouts and 6 px noise, as a kiosk-track/1 file", _raw_track
    ),
    "wide_knee": SetClass(
        "good reps only: wide stance, feet out 20–35°, knees pushed out 5–15°", _wide_knee, good_only=True
    ),
    "non_reps": SetClass(
        "stepping in place with small knee bends, or stooping to pick something up: 0 reps", _non_reps, True
    ),
    "single_leg_mid_rep": SetClass(
        "step-downs starting mid-rep; the stance knee caves on rep 1 and one more", _single_leg
    ),
    "habitual": SetClass(
        "both knees cave 12–25° on every rep; stances to wide, turn ±25°, camera 0.3–2.1 m",
        _habitual,
    ),
    "habitual_one_sided": SetClass("one knee caves 12–25° on every rep; as habitual", _habitual_one_sided),
    "first_rep": SetClass("one- and two-rep sets whose first rep caves (one knee or both)", _first_rep),
    "single_leg_first_rep": SetClass(
        "two-rep step-downs, the stance knee caves on rep 1", _single_leg_first_rep
    ),
    "walk_out": SetClass(
        "walking backwards out of a rack, bar on the back, knees bent 0.15–0.3 of parallel: 0 reps",
        _walk_out,
        good_only=True,
    ),
    "turned_far": SetClass("turned 30–45°: every rep 'not judged: turned'", _turned_far),
    "turned_out": SetClass(
        "good reps only: feet out 0–30°, stances to wide, turn ±25°, camera 0.3–2.1 m, arms vary",
        _turned_out,
        good_only=True,
    ),
}
