"""A one-item mailbox between threads where the newest item wins.

Budget: a lock and a notify per item; nothing is copied.
"""

from __future__ import annotations

import threading
import time
from typing import Generic, TypeVar

T = TypeVar("T")


class Latest(Generic[T]):
    """Holds only the newest item: a ``put`` replaces an item nobody took yet.

    A stage that falls behind therefore always gets the newest frame, never a
    queue of stale ones. ``replaced`` counts the items nobody took.

    >>> box = Latest()
    >>> box.put("frame 1"); box.put("frame 2")
    >>> box.take(timeout=0), box.replaced
    ('frame 2', 1)
    >>> box.take(timeout=0) is None  # nothing new since
    True
    """

    def __init__(self):
        self._condition = threading.Condition()
        self._item: T | None = None
        self._fresh = False
        self._closed = False
        self.replaced = 0

    @property
    def fresh(self) -> bool:
        """Whether an item waits to be taken."""
        return self._fresh

    def put(self, item: T) -> None:
        """Offer ``item``; an untaken older item is dropped."""
        with self._condition:
            if self._fresh:
                self.replaced += 1
            self._item = item
            self._fresh = True
            self._condition.notify_all()

    def take(self, timeout: float | None = None) -> T | None:
        """The newest item not yet taken, waiting up to ``timeout`` s; ``None`` if none came."""
        with self._condition:
            if not self._fresh and not self._closed and timeout != 0:
                self._condition.wait_for(lambda: self._fresh or self._closed, timeout)
            if not self._fresh:
                return None
            self._fresh = False
            self._condition.notify_all()  # a producer may be waiting in wait_taken
            return self._item

    def wait_taken(self, timeout: float) -> bool:
        """Wait until the item put last has been taken (for sources that must not drop frames)."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._fresh and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._condition.wait(left)
            return True

    def close(self) -> None:
        """Wake every waiter; later takes return what is left, then ``None``."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()
