"""Where the person is in the kiosk, and how button presses move them.

Pure logic: no pygame, no threads, so every press sequence is easy to test.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hardware.buttons import ButtonEvent
from kiosk.coach.exercises import EXERCISES, Exercise


class Screen(enum.Enum):
    """The screens the foundation has."""

    MENU = "menu"
    EXERCISE = "exercise"


@dataclass
class Navigation:
    """The current screen and exercise, moved by button events.

    On the exercise screen, previous and next switch exercise and back opens
    the menu. On the menu, previous and next move the highlight and select
    starts the highlighted exercise.

    >>> nav = Navigation()
    >>> nav.handle(ButtonEvent.BACK); nav.screen
    <Screen.MENU: 'menu'>
    >>> nav.handle(ButtonEvent.NEXT); nav.handle(ButtonEvent.SELECT)
    >>> nav.screen, nav.exercise.id
    (<Screen.EXERCISE: 'exercise'>, 'reverse_lunge')
    """

    screen: Screen = Screen.EXERCISE
    index: int = 0
    exercises: tuple[Exercise, ...] = EXERCISES

    @property
    def exercise(self) -> Exercise:
        """The exercise shown, or highlighted on the menu."""
        return self.exercises[self.index]

    def handle(self, event: ButtonEvent) -> None:
        """Apply one button event."""
        if event is ButtonEvent.PREVIOUS:
            self.index = (self.index - 1) % len(self.exercises)
        elif event is ButtonEvent.NEXT:
            self.index = (self.index + 1) % len(self.exercises)
        elif event is ButtonEvent.SELECT and self.screen is Screen.MENU:
            self.screen = Screen.EXERCISE
        elif event is ButtonEvent.BACK and self.screen is Screen.EXERCISE:
            self.screen = Screen.MENU
