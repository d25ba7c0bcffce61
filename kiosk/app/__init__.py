"""The kiosk's loop, its state machine and the wiring of hardware, pose, coach and ui."""

from kiosk.app.navigation import Navigation, Screen

__all__ = ["Navigation", "Screen"]
