"""The speaker: short tones played through pygame's mixer (SDL's audio output; ALSA on a Pi).

For people who cannot see the screen (lying down for a bridge or a
clamshell). Off unless ``[sound] enabled``; the tones themselves are made
elsewhere (:mod:`kiosk.ui.sounds`), this only plays them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from hardware.errors import DeviceError


class Speaker:
    """Plays named tones (mono 16-bit sample arrays at ``rate``), each made into a sound once.

    >>> import os; os.environ.setdefault("SDL_AUDIODRIVER", "dummy")  # doctest: +ELLIPSIS
    '...'
    >>> speaker = Speaker({"rep": np.zeros(2205, np.int16)}, rate=22050)
    >>> speaker.play("rep"); speaker.close()
    """

    def __init__(self, tones: Mapping[str, np.ndarray], rate: int, volume: float = 1.0):
        import pygame

        try:
            pygame.mixer.init(frequency=rate, size=-16, channels=1, buffer=512)
        except pygame.error as error:
            raise DeviceError(f"no sound output ({error})") from None
        mixer = pygame.mixer.get_init()
        if mixer is None:
            raise DeviceError("no sound output (the mixer did not start)")
        frequency, _, channels = mixer
        self._sounds = {}
        for name, samples in tones.items():
            if frequency != rate:  # the device insisted on its own rate: resample once, here
                at = np.linspace(0, len(samples) - 1, round(len(samples) * frequency / rate))
                samples = np.interp(at, np.arange(len(samples)), samples).astype(np.int16)
            if channels > 1:
                samples = np.repeat(samples[:, None], channels, axis=1)
            sound = pygame.sndarray.make_sound(np.ascontiguousarray(samples))
            sound.set_volume(volume)
            self._sounds[name] = sound

    def play(self, name: str) -> None:
        """Start the tone ``name`` now; it plays while the loop goes on."""
        self._sounds[name].play()

    def close(self) -> None:
        """Let the audio device go."""
        import pygame

        pygame.mixer.quit()


class FakeSpeaker:
    """Remembers what it was asked to play, for tests.

    >>> speaker = FakeSpeaker(); speaker.play("rep"); speaker.played
    ['rep']
    """

    def __init__(self):
        self.played: list[str] = []

    def play(self, name: str) -> None:
        """Note the tone."""
        self.played.append(name)

    def close(self) -> None:
        """Nothing to release."""
