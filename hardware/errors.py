"""The one exception a device raises when it cannot be opened or read."""


class DeviceError(RuntimeError):
    """A device that cannot be used; ``str()`` is a one-line message for the user.

    The message says what is wrong and what to do, for example::

        DeviceError("webcam 0 could not be opened: check `ls /dev/video*`")
    """


class DriverMissing(DeviceError):
    """The software a device needs is not installed (picamera2 off a Pi): a broken installation.

    Unlike a camera that is unplugged or busy, waiting does not fix it, so the
    kiosk refuses to start with this one-line message instead of retrying.
    """
