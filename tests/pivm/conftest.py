"""tests/pivm boots an emulated Pi (minutes): only `make pi-vm-test` runs it, never `make test`."""

import os

if os.environ.get("KIOSK_PI_VM") != "1":
    collect_ignore = ["test_pi_in_a_box.py"]
