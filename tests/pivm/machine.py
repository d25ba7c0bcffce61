"""The Pi in a box: tests/pivm/build.sh's arm64 trixie image, booted under qemu-system-aarch64 and driven.

The machine is a ``virt`` board with the Pi 5's core (Cortex-A76), a ``virtio-gpu`` KMS device
(``/dev/dri/card0``) at 1920x1080, a serial console (``console.log``), QMP (for ``screendump``) and QEMU's
guest agent (commands run in the guest, their output read back). Every boot but the first is a snapshot:
the cached disk never changes.

    python -m tests.pivm.machine boot        # boot, wait for the kiosk, save build/pi-vm/attract.png
    python -m tests.pivm.machine provision   # the first boot: install.sh inside, then power off

>>> Machine(VM).qemu_command()[-2:]
['-nic', 'none']
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VM = ROOT / "build" / "pi-vm"
HOST = VM / "host"
# The guest is slow (TCG emulation on a shared 2-core machine): these are ceilings, never expectations.
BOOT_TIMEOUT = 900.0
PROVISION_TIMEOUT = 3600.0


class MachineError(Exception):
    """The machine did not do what was asked in time; the message says what, and where its console is."""


class _Channel:
    """A line-delimited JSON socket (QMP or the guest agent)."""

    def __init__(self, path: Path, timeout: float = 5.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(str(path))
        self.buffer = b""

    def send(self, message: dict) -> None:
        self.sock.sendall(json.dumps(message).encode() + b"\n")

    def receive(self) -> dict:
        """The next JSON object; lines that are not one (an agent's 0xff sync byte) are skipped."""
        while True:
            line, newline, rest = self.buffer.partition(b"\n")
            if newline:
                self.buffer = rest
                try:
                    return json.loads(line.strip(b"\xff").decode())
                except ValueError:
                    continue
            chunk = self.sock.recv(65536)
            if not chunk:
                raise MachineError("the machine closed its socket")
            self.buffer += chunk

    def close(self) -> None:
        self.sock.close()


class Machine:
    """One boot of the image: :meth:`start`, :meth:`run` commands in it, :meth:`screendump`, :meth:`stop`."""

    def __init__(self, vm: Path = VM, network: bool = False, snapshot: bool = True, name: str = "boot"):
        self.vm = vm
        self.network = network
        self.snapshot = snapshot
        self.console = vm / f"console-{name}.log"
        self.qmp_path = vm / f"{name}.qmp"
        self.agent_path = vm / f"{name}.qga"
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self._agent: _Channel | None = None
        self._sync = 0

    def qemu_command(self) -> list[str]:
        disk = f"file={self.vm / 'rootfs.ext4'},format=raw,if=virtio" + (
            ",snapshot=on" if self.snapshot else ""
        )
        # romfile=: no PXE boot ROM (the kernel is given), so none is looked for.
        net = ["-netdev", "user,id=net", "-device", "virtio-net-pci,netdev=net,romfile="]
        net = net if self.network else ["-nic", "none"]
        return [
            # trixie's QEMU on this machine's older C library: through trixie's own loader and libraries.
            str(HOST / "usr/lib64/ld-linux-x86-64.so.2"),
            "--library-path", str(HOST / "usr/lib/x86_64-linux-gnu"),
            str(HOST / "usr/bin/qemu-system-aarch64"), "-L", str(HOST / "usr/share/qemu"),
            "-M", "virt", "-cpu", "cortex-a76", "-smp", "2", "-m", "2048",
            "-kernel", str(self.vm / "vmlinuz"), "-initrd", str(self.vm / "initrd.img"),
            "-append", "console=ttyAMA0 root=/dev/vda rw",
            "-drive", disk,
            "-device", "virtio-gpu-pci,xres=1920,yres=1080", "-display", "none",
            "-device", "virtio-rng-pci",
            "-chardev", f"file,id=console,path={self.console}", "-serial", "chardev:console",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
            "-device", "virtio-serial-pci",
            "-chardev", f"socket,id=agent,path={self.agent_path},server=on,wait=off",
            "-device", "virtserialport,chardev=agent,name=org.qemu.guest_agent.0",
            *net,
        ]  # fmt: skip

    def start(self) -> None:
        for path in (self.console, self.qmp_path, self.agent_path):
            path.unlink(missing_ok=True)
        env = {**os.environ, "QEMU_MODULE_DIR": str(HOST / "usr/lib/x86_64-linux-gnu/qemu")}
        self.started = time.monotonic()
        self.process = subprocess.Popen(["nice", "-n", "10", *self.qemu_command()], env=env)
        self._wait(lambda: self.qmp_path.exists() and self.agent_path.exists(), 30, "QEMU's sockets")

    def elapsed(self) -> float:
        """Seconds since QEMU was started."""
        return time.monotonic() - self.started

    def _wait(self, ready, timeout: float, what: str, every: float = 0.5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise MachineError(
                    f"QEMU exited ({self.process.returncode}) waiting for {what}; see {self.console}"
                )
            value = ready()
            if value:
                return value
            time.sleep(every)
        raise MachineError(f"no {what} after {timeout:.0f} s; see {self.console}")

    def qmp(self, command: str, **arguments) -> dict:
        channel = _Channel(self.qmp_path, timeout=60)
        try:
            channel.receive()  # the greeting
            channel.send({"execute": "qmp_capabilities"})
            channel.receive()
            channel.send({"execute": command, "arguments": arguments})
            while True:
                reply = channel.receive()
                if "return" in reply or "error" in reply:
                    return reply
        finally:
            channel.close()

    def screendump(self, path: Path) -> Path:
        """Save the virtio-gpu display (what the panel would show) as a PNG."""
        reply = self.qmp("screendump", filename=str(path), format="png")
        if "error" in reply:
            raise MachineError(f"screendump failed: {reply['error']}")
        return path

    def _agent_channel(self) -> _Channel:
        """The guest agent, answering (guest-sync), reconnected if it went away."""
        if self._agent is not None:
            return self._agent
        channel = _Channel(self.agent_path, timeout=3)
        self._sync += 1
        channel.send({"execute": "guest-sync", "arguments": {"id": self._sync}})
        try:
            while channel.receive().get("return") != self._sync:
                pass
        except (TimeoutError, MachineError):
            channel.close()
            raise
        channel.sock.settimeout(120)
        self._agent = channel
        return channel

    def agent_ready(self) -> bool:
        try:
            self._agent_channel()
            return True
        except (OSError, MachineError):
            return False

    def wait_for_agent(self, timeout: float = BOOT_TIMEOUT) -> float:
        """Wait for the guest agent (userspace is up); return seconds since QEMU started."""
        self._wait(self.agent_ready, timeout, "guest agent", every=2)
        return self.elapsed()

    def run(self, command: str, timeout: float = 300.0) -> tuple[int, str]:
        """Run a shell command in the guest as root; return its exit code and output (stdout, then stderr)."""
        channel = self._agent_channel()
        arguments = {"path": "/bin/sh", "arg": ["-c", command], "capture-output": True}
        channel.send({"execute": "guest-exec", "arguments": arguments})
        reply = channel.receive()
        if "error" in reply:
            raise MachineError(f"guest-exec {command!r}: {reply['error']}")
        pid = reply["return"]["pid"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            channel.send({"execute": "guest-exec-status", "arguments": {"pid": pid}})
            status = channel.receive()["return"]
            if status["exited"]:
                out = b"".join(base64.b64decode(status.get(key, "")) for key in ("out-data", "err-data"))
                return status.get("exitcode", -1), out.decode(errors="replace")
            time.sleep(0.5)
        raise MachineError(f"{command!r} still running after {timeout:.0f} s")

    def wait_until(self, command: str, expected: str, timeout: float) -> float:
        """Run ``command`` until its output is ``expected``; return seconds since QEMU started."""
        self._wait(
            lambda: self.run(command)[1].strip() == expected, timeout, f"{expected!r} from {command!r}", 1
        )
        return self.elapsed()

    def wait_for_exit(self, timeout: float) -> int:
        assert self.process is not None
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise MachineError(f"QEMU still running after {timeout:.0f} s; see {self.console}") from None

    def stop(self) -> None:
        """Power off (ACPI-less virt: QMP quit; the disk is a snapshot, nothing to flush)."""
        if self._agent is not None:
            self._agent.close()
            self._agent = None
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.qmp("quit")
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Machine:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def provision() -> int:
    """The first boot: provision.sh runs install.sh and powers off; the console says whether it worked."""
    machine = Machine(network=True, snapshot=False, name="provision")
    machine.start()
    machine.wait_for_exit(PROVISION_TIMEOUT)
    took = machine.elapsed()
    console = machine.console.read_text(errors="replace")
    if "pi-vm provision: installed" not in console:
        print(f"pi-vm: the first boot's install.sh failed; see {machine.console}", file=sys.stderr)
        return 1
    print(f"pi-vm: installed in the first boot, {took:.0f} s including boot and power-off")
    return 0


def boot() -> int:
    """Boot a snapshot, wait for the kiosk, save its screen, report the timings, power off."""
    with Machine() as machine:
        agent = machine.wait_for_agent()
        active = machine.wait_until("systemctl is-active kiosk", "active", BOOT_TIMEOUT)
        _, since_kernel = machine.run("systemctl show -P ActiveEnterTimestampMonotonic kiosk")
        time.sleep(5)  # a few frames drawn
        shot = machine.screendump(VM / "attract.png")
        kernel = int(since_kernel) / 1e6
        print(f"pi-vm: guest agent up {agent:.0f} s after QEMU started; kiosk active at {active:.0f} s "
              f"({kernel:.0f} s after the kernel started); screen saved to {shot}")  # fmt: skip
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "boot"
    try:
        sys.exit({"boot": boot, "provision": provision}[command]())
    except MachineError as error:
        print(f"pi-vm: {error}", file=sys.stderr)
        sys.exit(1)
