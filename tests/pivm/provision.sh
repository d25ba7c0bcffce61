#!/bin/sh
# The Pi in a box's first boot: systemd/install.sh, as on a Pi, with what this machine lacks said on the
# command line: no Pi camera (a video file of an empty room) and no GPIO buttons. pip takes the aarch64
# wheels fetched by tests/pivm/build.sh (nothing else); apt reaches Debian through QEMU's network.
set -eu
export PIP_NO_INDEX=1 PIP_FIND_LINKS=/opt/pivm/wheels
if /root/warmup-mirror/systemd/install.sh --source /opt/pivm/empty-room.mp4 --no-buttons; then
    mkdir -p /var/lib/pivm && touch /var/lib/pivm/provisioned
    echo "pi-vm provision: installed"
else
    echo "pi-vm provision: install.sh failed"
fi
systemctl disable pivm-provision.service
systemctl --no-block poweroff
