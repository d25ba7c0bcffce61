"""Tones for someone who cannot see the screen: one per rep, another for a fault; off unless switched on."""

import pygame

from hardware import FakeSpeaker, Speaker
from kiosk.app import Navigation
from kiosk.app.chimes import Chimes
from kiosk.athlete.scene import Scene
from kiosk.athlete.source import DEMO_MOTION
from kiosk.config import Config, load_config_text
from kiosk.pose import Pose
from kiosk.ui.sounds import RATE, tones


def test_sounds_are_off_unless_the_configuration_switches_them_on():
    assert Config().sound.enabled is False
    assert load_config_text("[sound]\nenabled = true\nvolume = 0.3\n").sound.volume == 0.3


def test_each_rep_gets_a_tone_and_a_rep_with_a_fault_another():
    scene = Scene(motion=DEMO_MOTION)
    nav = Navigation()
    nav.start("squat", 0.0)
    speaker = FakeSpeaker()
    chimes = Chimes(speaker)
    for frame in range(round(scene.motion.duration * 30)):
        t = frame / 30
        chimes.follow(nav.observe(Pose(scene.truth(t).keypoints, t, scene.camera.size), t))
    # The demo set: six reps, the third and the fifth caving.
    assert speaker.played == ["rep", "rep", "fault", "rep", "fault", "rep"]


def test_the_speaker_plays_through_sdls_audio():
    speaker = Speaker(tones(RATE), RATE, volume=0.5)  # SDL_AUDIODRIVER=dummy here; ALSA on a Pi
    try:
        speaker.play("rep")
        speaker.play("fault")
        assert pygame.mixer.get_busy()
    finally:
        speaker.close()
