"""The running kiosk as its machine sees it: its systemd unit, log lines, journal, process and state file.

Named "system" because each module here speaks with the operating system about the kiosk that runs,
where the layers below speak of pictures, poses and form. ``kiosk status``, ``kiosk doctor`` and
``kiosk config set`` read through it; the app writes the state file through it::

    >>> from kiosk.system.logs import error_line
    >>> error_line("kiosk: error: no camera")
    'kiosk: error: no camera'
"""
