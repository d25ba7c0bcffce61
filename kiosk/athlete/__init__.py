"""The synthetic athlete: a small 3-D figure doing the warm-up, with exact ground truth.

No freely licensed front-view footage of squats with caving knees exists, so
the product renders its own: an articulated body posed by scripted joint
motion, seen through a pinhole camera, painted as shaded solids over a gym.
Its true joint positions are known exactly, so every claim the coach makes
can be checked.

>>> from kiosk.athlete import Athlete, Camera, Scene
>>> scene = Scene(Athlete(), Camera())
>>> frame, truth = scene.render(0.0)
>>> frame.shape, truth.keypoints.shape
((720, 1280, 3), (17, 3))
"""

from kiosk.athlete.body import Athlete, BodyShape, Outfit
from kiosk.athlete.camera import Camera
from kiosk.athlete.motion import Motion
from kiosk.athlete.scene import Scene, Truth
from kiosk.athlete.script import FaultSpec, parse_fault

__all__ = ["Athlete", "BodyShape", "Camera", "FaultSpec", "Motion", "Outfit", "Scene", "Truth", "parse_fault"]
