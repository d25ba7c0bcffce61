"""The product's own error: a one-line message for the user and an exit code."""


class KioskError(Exception):
    """Something the user can fix; ``str()`` says what is wrong and what to do.

    The command line prints it on one line and exits with ``exit_code``
    (2 for bad input or a broken installation).

    >>> raise KioskError("config.toml: model.num_threads: must be 1 to 8 (got 0)")
    Traceback (most recent call last):
    kiosk.errors.KioskError: config.toml: model.num_threads: must be 1 to 8 (got 0)
    """

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code
