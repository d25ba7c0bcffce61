"""What the camera sees of the person, decided over a window of frames rather than frame by frame.

Each frame gives a facing (front, side, back or undecided) and the first
thing keeping the person from being coached ("Step back so your feet are in
view", …, or nothing). Both flicker: a shoulder dropped for a frame makes
that frame undecided, a foot lost for a frame makes it "cut off". A
decision changes only when a new answer holds ``agree`` of the votes over
the last ``window`` seconds; undecided frames do not vote. One bad frame
never resets the set-up.

Budget: ≈ 20 µs per frame; a deque of about twenty small tuples.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from typing import TypeVar

from kiosk.pose.facing import Facing
from kiosk.pose.keypoints import LEG_KEYPOINTS, Keypoint, Pose

_T = TypeVar("_T")

NOBODY = "Step in front of the mirror"
FEET_CUT_OFF = "Step back so your feet are in view"
FACE_THE_MIRROR = "Turn to face the mirror"
TURN_SIDE_ON = "Turn side-on to the mirror"
LEGS_HIDDEN = "Keep your legs in clear view"
FRONTAL = (Facing.FRONT, Facing.BACK)


@dataclass(frozen=True)
class View:
    """The voted view: which way the person faces, and what they must do first (``None``: ready)."""

    facing: Facing
    problem: str | None

    @property
    def frontal(self) -> bool:
        """Whether the person faces the mirror (or stands with their back to it)."""
        return self.facing in FRONTAL


def frame_problem(pose: Pose | None, wanted: str = "front") -> str | None:
    """This frame's first set-up need for an exercise done facing ``wanted`` ("front" or "side").

    >>> frame_problem(None)
    'Step in front of the mirror'
    """
    if pose is None or not pose.present:
        return NOBODY
    if legs_cut_off(pose):
        return FEET_CUT_OFF
    facing = pose.facing
    if wanted == "side":
        return None if facing is Facing.SIDE else TURN_SIDE_ON if facing is not Facing.UNKNOWN else None
    if facing is Facing.SIDE:
        return FACE_THE_MIRROR
    if not pose.legs_in_view:
        return LEGS_HIDDEN
    return None


def legs_cut_off(pose: Pose) -> bool:
    """Whether the picture's edges cut off the legs: a point outside, or ankles below the frame.

    With no ankle seen, the ankle is expected about one thigh length below
    the knee; deep in a squat the thigh is short in the picture, so a
    squatting person is not sent back for ankles the model merely lost.
    """
    width, height = pose.image_size
    bottom = 0.98 * height
    for keypoint in LEG_KEYPOINTS:
        point = pose.point(keypoint)
        if point is not None and not (0 <= point[0] < width and 0 <= point[1] < bottom):
            return True
    if pose.seen(Keypoint.LEFT_ANKLE) or pose.seen(Keypoint.RIGHT_ANKLE):
        return False
    for hip_kp, knee_kp in (
        (Keypoint.LEFT_HIP, Keypoint.LEFT_KNEE),
        (Keypoint.RIGHT_HIP, Keypoint.RIGHT_KNEE),
    ):
        hip, knee = pose.point(hip_kp), pose.point(knee_kp)
        if knee is not None and knee[1] + (knee[1] - hip[1] if hip else 0) >= bottom:
            return True
    return not (pose.seen(Keypoint.LEFT_KNEE) or pose.seen(Keypoint.RIGHT_KNEE))


class ViewVote:
    """Votes the facing and the set-up need over a window of frames.

    >>> from kiosk.pose.facing import Facing
    >>> vote = ViewVote(window=0.5)
    >>> [vote.vote(Facing.FRONT, None, t / 30).facing.value for t in range(3)]
    ['front', 'front', 'front']
    >>> vote.vote(Facing.SIDE, FACE_THE_MIRROR, 0.1).facing.value   # one frame changes nothing
    'front'
    """

    def __init__(self, window: float = 0.5, agree: float = 0.6):
        self.window = window
        self.agree = agree
        self._frames: deque[tuple[float, Facing, str | None]] = deque()
        self.view = View(Facing.UNKNOWN, NOBODY)

    def reset(self) -> None:
        """Forget the votes (a new person)."""
        self._frames.clear()
        self.view = View(Facing.UNKNOWN, NOBODY)

    def update(self, pose: Pose | None, t: float, wanted: str = "front") -> View:
        """Vote with this frame's pose, for an exercise done facing ``wanted``."""
        facing = pose.facing if pose is not None and pose.present else Facing.UNKNOWN
        return self.vote(facing, frame_problem(pose, wanted), t)

    def vote(self, facing: Facing, problem: str | None, t: float) -> View:
        """Add one frame's answers and return the decision after it."""
        frames = self._frames
        frames.append((t, facing, problem))
        while frames and t - frames[0][0] > self.window:
            frames.popleft()
        facings: Counter[Facing] = Counter(f for _, f, _ in frames if f is not Facing.UNKNOWN)
        problems = Counter(p for _, _, p in frames)
        self.view = View(
            self._decide(facings, self.view.facing, sum(facings.values())),
            self._decide(problems, self.view.problem, len(frames)),
        )
        return self.view

    def _decide(self, counts: Counter[_T], current: _T, total: int) -> _T:
        if not total:
            return current
        best, votes = counts.most_common(1)[0]
        return best if best != current and votes >= self.agree * total else current
