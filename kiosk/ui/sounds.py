"""The mirror's tones: a short high chime for each counted rep, a low double buzz for a rep with a fault.

Made once, at start-up, as mono 16-bit samples (numpy); the speaker
(:class:`hardware.Speaker`) plays them. Each fades in and out over 5 ms so
that it never clicks.
"""

from __future__ import annotations

import numpy as np

RATE = 22050


def tone(frequency: float, seconds: float, rate: int = RATE, level: float = 0.5) -> np.ndarray:
    """A sine tone with short fades, as int16 samples.

    >>> samples = tone(880, 0.1)
    >>> samples.dtype.name, len(samples), int(abs(samples[0]))
    ('int16', 2205, 0)
    """
    t = np.arange(round(seconds * rate)) / rate
    wave = np.sin(2 * np.pi * frequency * t)
    fade = min(len(t) // 2, round(0.005 * rate))
    envelope = np.ones_like(t)
    envelope[:fade] = np.linspace(0, 1, fade)
    envelope[len(t) - fade :] = np.linspace(1, 0, fade)
    return (wave * envelope * level * 32767).astype(np.int16)


def tones(rate: int = RATE) -> dict[str, np.ndarray]:
    """The named tones: ``"rep"`` (880 Hz, 0.12 s) and ``"fault"`` (two 330 Hz buzzes).

    >>> sorted(tones())
    ['fault', 'rep']
    """
    gap = np.zeros(round(0.06 * rate), np.int16)
    buzz = tone(330, 0.11, rate)
    return {"rep": tone(880, 0.12, rate), "fault": np.concatenate([buzz, gap, buzz])}
