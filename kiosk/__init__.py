"""Warm-up Mirror: a gym mirror that shows people whether their knees track over their toes.

Data flows one way: ``hardware`` (frames, buttons) → :mod:`kiosk.pose` →
:mod:`kiosk.coach` → :mod:`kiosk.ui`, wired together by :mod:`kiosk.app`.
"""

import os

# pygame greets on import; a kiosk log has no room for it.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

__version__ = "0.1.0"
