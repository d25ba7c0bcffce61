"""The athlete's body: proportions, outfit, and the joint positions of one posture.

Segment lengths are shares of standing height from Winter's anthropometric
tables (Biomechanics and Motor Control of Human Movement), scaled by
``height`` and, for the legs, ``leg_scale``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Colour = tuple[int, int, int]  # BGR, as OpenCV draws


@dataclass(frozen=True)
class BodyShape:
    """Height in metres and proportions.

    >>> round(BodyShape(height=1.75).thigh, 3)
    0.429
    """

    height: float = 1.75
    leg_scale: float = 1.0
    shoulder_scale: float = 1.0
    hip_scale: float = 1.0
    girth: float = 1.0

    @property
    def thigh(self) -> float:
        """Hip joint to knee joint."""
        return 0.245 * self.height * self.leg_scale

    @property
    def shank(self) -> float:
        """Knee joint to ankle joint."""
        return 0.246 * self.height * self.leg_scale

    @property
    def ankle_height(self) -> float:
        """Ankle joint above the floor."""
        return 0.039 * self.height

    @property
    def hip_height(self) -> float:
        """Hip joint above the floor, standing straight."""
        return self.ankle_height + self.shank + self.thigh

    @property
    def hip_half_width(self) -> float:
        """Half the distance between the hip joint centres."""
        return 0.05 * self.height * self.hip_scale

    @property
    def shoulder_half_width(self) -> float:
        """Half the distance between the shoulder joints."""
        return 0.112 * self.height * self.shoulder_scale

    @property
    def torso(self) -> float:
        """Hip-joint level to shoulder level."""
        return 0.288 * self.height

    @property
    def upper_arm(self) -> float:
        """Shoulder to elbow."""
        return 0.186 * self.height

    @property
    def forearm(self) -> float:
        """Elbow to wrist."""
        return 0.146 * self.height

    @property
    def head_radius(self) -> float:
        """Radius of the head, taken as a sphere."""
        return 0.062 * self.height

    @property
    def foot(self) -> float:
        """Ankle to toe tip, along the foot."""
        return 0.115 * self.height


@dataclass(frozen=True)
class Outfit:
    """Skin, hair and clothing colours (BGR)."""

    skin: Colour = (120, 150, 200)
    hair: Colour = (30, 35, 45)
    shirt: Colour = (150, 60, 30)
    shorts: Colour = (45, 45, 50)
    shoes: Colour = (40, 40, 40)
    soles: Colour = (235, 235, 235)
    socks: Colour = (230, 230, 230)


@dataclass(frozen=True)
class Athlete:
    """A body and what it wears."""

    body: BodyShape = field(default_factory=BodyShape)
    outfit: Outfit = field(default_factory=Outfit)


@dataclass
class Posture:
    """Where every joint is at one instant (world metres), and which way the head faces."""

    joints: dict[str, np.ndarray]
    facing: np.ndarray  # unit vector the chest and face point to
    props: list[np.ndarray] = field(default_factory=list)  # boxes: their eight corners (8, 3)
    bar: tuple[np.ndarray, np.ndarray] | None = None  # a barbell's two ends, when one is held

    def __getitem__(self, name: str) -> np.ndarray:
        return self.joints[name]
