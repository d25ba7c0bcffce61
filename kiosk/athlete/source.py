"""The athlete as a frame source: ``kiosk run --source athlete:squat``, and the built-in demo."""

from __future__ import annotations

from hardware.frames import Frame
from kiosk.athlete.body import Athlete
from kiosk.athlete.camera import Camera
from kiosk.athlete.motion import Motion
from kiosk.athlete.scene import Scene
from kiosk.athlete.script import EXERCISES, parse_fault

# The demo: a squat set in which the third and fifth reps cave in, looping.
DEMO_MOTION = Motion(
    "squat",
    reps=6,
    faults=(parse_fault("left_knee_in:18@3"), parse_fault("right_knee_in:16@5")),
)


class AthleteSource:
    """Renders the athlete live, frame by frame, looping its set forever; ``camera``: where it is filmed from.

    Budget: ≈ 4 ms per 1280×720 frame. Each frame is a new array: the kiosk's
    stages hold on to a frame while the next one is rendered, so a reused
    buffer would show them half-drawn pictures.

    >>> source = AthleteSource("squat")
    >>> source.read().size
    (1280, 720)
    """

    def __init__(
        self,
        exercise: str = "squat",
        fps: float = 30.0,
        motion: Motion | None = None,
        camera: Camera | None = None,
    ):
        if motion is None:
            if exercise not in EXERCISES:
                raise ValueError(f"the athlete cannot do {exercise!r}: choose one of {', '.join(EXERCISES)}")
            motion = DEMO_MOTION if exercise == "squat" else Motion(exercise, reps=6)
        self.scene = Scene(Athlete(), camera or Camera(), motion)
        self.fps = fps
        self.name = f"athlete:{motion.exercise}"
        self._index = 0

    def read(self) -> Frame:
        """The next frame; the set starts again after its last."""
        t = self._index / self.fps
        frame, _ = self.scene.render(t % self.scene.motion.duration)
        result = Frame(frame, timestamp=t, index=self._index)
        self._index += 1
        return result

    def close(self) -> None:
        """Nothing to release."""
