#!/bin/sh
# mmdebstrap's customize hook for tests/pivm/build.sh: makes the arm64 root file system in $1 a Pi-like
# machine that installs the kiosk at its first boot.
#   customize.sh ROOTFS CHECKOUT BUILD
set -eu
R=$1
SRC=$2
VM=$3

echo pivm > "$R/etc/hostname"
echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" > "$R/etc/fstab"
# Raspberry Pi OS has a gpio group (the unit's SupplementaryGroups= and install.sh's usermod need it);
# Debian has none.
chroot "$R" groupadd --system gpio
chroot "$R" passwd --delete root
# A root shell on the serial console, for a person watching `make pi-vm`; the tests use the guest agent.
mkdir -p "$R/etc/systemd/system/serial-getty@ttyAMA0.service.d"
printf '[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root --keep-baud 115200 %%I $TERM\n' \
    > "$R/etc/systemd/system/serial-getty@ttyAMA0.service.d/autologin.conf"
# The network, for the first boot's apt-get only (QEMU's user network; the kiosk itself has none).
mkdir -p "$R/etc/systemd/network"
printf '[Match]\nName=en*\n\n[Network]\nDHCP=yes\n' > "$R/etc/systemd/network/10-qemu.network"
echo "nameserver 10.0.2.3" > "$R/etc/resolv.conf"
chroot "$R" systemctl enable systemd-networkd.service

# The camera: a video file, readable by the kiosk's user (outside /root and /home). The project itself
# is copied in by build.sh before the first boot, so the OS image outlives changes to the checkout.
mkdir -p "$R/root/warmup-mirror" "$R/opt/pivm"
install -m 0644 "$VM/empty-room.mp4" "$R/opt/pivm/empty-room.mp4"
install -m 0644 "$SRC/tests/pivm/pivm-provision.service" "$R/etc/systemd/system/pivm-provision.service"
chroot "$R" systemctl enable pivm-provision.service
# Emulation only: a start (Python, OpenCV, LiteRT and the model under TCG) takes minutes, not the Pi's
# seconds, and would trip the unit's TimeoutStartSec=60. Nothing else of the unit is changed.
mkdir -p "$R/etc/systemd/system/kiosk.service.d"
printf '# Pi in a box (tests/pivm): emulated starts are slow\n[Service]\nTimeoutStartSec=900\n' \
    > "$R/etc/systemd/system/kiosk.service.d/emulated.conf"
