"""The coach under test, behind one function: a set's poses in, its reps' verdicts out.

Every judge has the shape of :data:`JudgeSet`:
``judge_set(poses, exercise, config) -> list[RepResult]``, where ``poses``
is the whole set as ``(t, Pose | None)`` in time order. The bench scores
whatever a judge returns, so a reworked coach plugs in here and nowhere
else.

- ``live``: the kiosk's own coach, fed frame by frame as the mirror feeds it,
  with the camera's mounting in ``config`` as the installer sets it;
- ``offline``: the ``kiosk analyze`` path (:func:`kiosk.commands.analyze.analyze_poses`),
  which may look at the whole recording before it judges, with the camera's
  mounting unknown, as for footage from anywhere.

>>> from kiosk.coach.built_in_exercises import exercise_by_id
>>> from kiosk.config import Config
>>> judge_live([(0.0, None), (0.033, None)], exercise_by_id("squat"), Config())
[]
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.app.coaching import camera_mount, thresholds
from kiosk.coach.built_in_exercises import Exercise
from kiosk.coach.session import Coach
from kiosk.coach.verdict import RepResult
from kiosk.config import Config
from kiosk.pose.keypoints import Pose

Poses = list[tuple[float, Pose | None]]
JudgeSet = Callable[[Poses, Exercise, Config], list[RepResult]]


def judge_live(poses: Poses, exercise: Exercise, config: Config) -> list[RepResult]:
    """The mirror's coach, one frame at a time, as the kiosk runs it."""
    mount = camera_mount(config.camera)
    coach = Coach(exercise, thresholds(config.coach), config.coach.cooldown_seconds, mount=mount)
    for t, pose in poses:
        coach.update(pose, t)
    return list(coach.results)


def judge_offline(poses: Poses, exercise: Exercise, config: Config) -> list[RepResult]:
    """``kiosk analyze``'s verdicts on the whole recording."""
    from kiosk.commands.analyze import analyze_poses

    return analyze_poses(poses, exercise, config).results


JUDGES: dict[str, JudgeSet] = {"live": judge_live, "offline": judge_offline}
# The judges that see a set from its first frame on, as the mirror does: a rep the recording starts in the
# middle of is not theirs to count (kiosk.commands.accuracy.score).
FROM_FIRST_FRAME = {"live"}
