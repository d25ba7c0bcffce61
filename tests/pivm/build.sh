#!/bin/sh
# A Raspberry Pi in a box for `make pi-vm`: an arm64 Debian trixie machine (Raspberry Pi OS's base) with the
# kiosk installed by systemd/install.sh, all of it from Debian's archive and this checkout, under build/pi-vm:
#   host/        trixie's qemu-system-arm, qemu-user (static, for the foreign chroot) and mmdebstrap, unpacked
#   wheels/      the aarch64 wheels of requirements/pi-trixie.lock, each checked against its hash
#   base.ext4    the OS before the first boot (rm it to rebuild); vmlinuz, initrd.img its kernel (linux-image-arm64)
#   rootfs.ext4  base.ext4 with this checkout in /root/warmup-mirror and wheels/ in /opt/pivm/wheels,
#                after the first boot installed it
#   ready        written last: with it, a second run builds nothing and `make pi-vm` only boots
# The build runs mmdebstrap on arm64 through binfmt_misc and qemu-user (F flag: the interpreter is opened
# once, so it works inside the chroot); the entry it registers is removed when it ends. Needs root.
# The host's apt is left alone: a private sources list, state and cache (build/pi-vm/apt-*).
#
# First boot (tests/pivm/provision.sh): systemd/install.sh --source (a video file of an empty room: there
# is no Pi camera) --no-buttons (no GPIO), apt through the network, pip from wheels/ only; then it
# powers off. Every later boot is a snapshot of that disk: the cached image never changes.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VM=$ROOT/build/pi-vm
SUITE=trixie
PYTHON_TAG=3.13
HOST_PACKAGES="qemu-system-arm qemu-user mmdebstrap"
# The machine: what Raspberry Pi OS Lite has that the kiosk and install.sh use, plus what the tests drive
# it with (qemu-guest-agent: commands from the host over a virtio port; dbus: systemd-analyze security).
VM_PACKAGES="systemd-sysv udev dbus kmod procps linux-image-arm64 initramfs-tools qemu-guest-agent
 python3 python3-venv python3-numpy python3-gpiozero libegl1 libegl-mesa0 libgles2 libgbm1 libdrm2
 libgl1-mesa-dri rsync ca-certificates"
BINFMT=/proc/sys/fs/binfmt_misc
BINFMT_NAME=pivm-aarch64

say() { echo "pi-vm: $*"; }
[ -f "$VM/ready" ] && { say "cached image in $VM (rm $VM/ready: install the checkout again)"; exit 0; }
[ "$(id -u)" = 0 ] || { say "building the image needs root (binfmt_misc, chroot): sudo make pi-vm"; exit 1; }

# apt_for ARCH ARGS...: apt-get on a private trixie sources list for ARCH.
apt_for() {
    arch=$1 && shift
    dir=$VM/apt-$arch
    if [ ! -f "$dir/sources.list" ]; then
        mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" && : > "$dir/status"
        echo "deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $ARCHIVE $SUITE main" \
            > "$dir/sources.list"
    fi
    apt-get -q -o Dir::Etc::sourcelist="$dir/sources.list" -o Dir::Etc::sourceparts=/dev/null \
        -o Dir::State::Lists="$dir/lists" -o Dir::State::status="$dir/status" -o Dir::Cache="$dir/cache" \
        -o APT::Architecture="$arch" -o APT::Architectures="$arch" -o Debug::NoLocking=1 "$@"
}
ARCHIVE=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n 1 | tr -d ' ')
[ -n "$ARCHIVE" ] || { say "no Debian archive in this machine's apt sources list"; exit 1; }
mkdir -p "$VM"

if [ ! -x "$VM/host/usr/bin/qemu-system-aarch64" ]; then
    say "fetching Debian $SUITE's $HOST_PACKAGES for this machine"
    apt_for amd64 update >/dev/null
    # shellcheck disable=SC2086
    apt_for amd64 install -y --download-only --no-install-recommends $HOST_PACKAGES >/dev/null
    rm -rf "$VM/host.new" && mkdir -p "$VM/host.new"
    for deb in "$VM"/apt-amd64/cache/archives/*.deb; do dpkg-deb -x "$deb" "$VM/host.new"; done
    rm -rf "$VM/host" && mv "$VM/host.new" "$VM/host"
fi

# install.sh installs requirements/pi-trixie.lock with --require-hashes: the wheels are the lock's own files
# for aarch64 and Python 3.13 (pip checks each hash here and again in the machine); fetched again when
# the lock changes.
if ! cmp -s "$ROOT/requirements/pi-$SUITE.lock" "$VM/wheels/pi-$SUITE.lock"; then
    say "fetching the aarch64 wheels of requirements/pi-$SUITE.lock"
    platforms=$(seq -f '--platform manylinux_2_%g_aarch64' 17 41 | tr '\n' ' ')
    rm -rf "$VM/wheels.new"
    # shellcheck disable=SC2086
    "$ROOT/.venv/bin/pip" download --quiet --disable-pip-version-check --require-hashes --no-deps \
        --only-binary=:all: --implementation cp --python-version "$PYTHON_TAG" --abi "cp$(echo $PYTHON_TAG | tr -d .)" \
        --abi abi3 --abi none $platforms --platform any --dest "$VM/wheels.new" -r "$ROOT/requirements/pi-$SUITE.lock"
    cp "$ROOT/requirements/pi-$SUITE.lock" "$VM/wheels.new/"
    rm -rf "$VM/wheels" && mv "$VM/wheels.new" "$VM/wheels"
fi

if [ ! -f "$VM/empty-room.mp4" ]; then
    # The camera: a still, evenly lit, empty room for ten minutes; nobody wakes the attract screen.
    "$ROOT/.venv/bin/python" "$ROOT/tests/pivm/empty_room.py" "$VM/empty-room.mp4"
fi

if [ ! -f "$VM/base.ext4" ]; then
    cleanup() {
        [ -e "$BINFMT/$BINFMT_NAME" ] && echo -1 > "$BINFMT/$BINFMT_NAME"
        return 0
    }
    trap cleanup EXIT
    [ -e "$BINFMT/register" ] || mount -t binfmt_misc binfmt_misc "$BINFMT"
    if ! grep -lqs 'magic 7f454c460201010000000000000000000200b700' "$BINFMT"/* 2>/dev/null; then
        say "registering $VM/host/usr/bin/qemu-aarch64 for arm64 programs while the image is built"
        printf ':%s:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:%s:F\n' \
            "$BINFMT_NAME" "$VM/host/usr/bin/qemu-aarch64" > "$BINFMT/register"
    fi
    say "building the arm64 $SUITE root file system (mmdebstrap under qemu-user: 8-13 min on 2 cores)"
    rm -rf "$VM/rootfs"
    # shellcheck disable=SC2086
    PATH="$PATH:/usr/sbin:/sbin" perl "$VM/host/usr/bin/mmdebstrap" --mode=root --arch=arm64 --variant=minbase \
        --skip=check/qemu --include="$(echo $VM_PACKAGES | tr ' ' ',')" \
        --customize-hook="$ROOT/tests/pivm/customize.sh \"\$1\" $ROOT $VM" \
        "$SUITE" "$VM/rootfs" "deb $ARCHIVE $SUITE main"
    cp "$VM"/rootfs/boot/vmlinuz-* "$VM/vmlinuz" && cp "$VM"/rootfs/boot/initrd.img-* "$VM/initrd.img"
    mke2fs -q -t ext4 -L pivm -d "$VM/rootfs" "$VM/base.ext4.new" 6G
    mv "$VM/base.ext4.new" "$VM/base.ext4"
    rm -rf "$VM/rootfs"
fi

say "first boot: systemd/install.sh inside the machine, then power off"
cp --sparse=always "$VM/base.ext4" "$VM/rootfs.ext4"  # a failed first boot starts again from here
# What a person does first on a Pi: put the project in ~/warmup-mirror (here this checkout, as it is now).
mkdir -p "$VM/mnt" && mount -o loop "$VM/rootfs.ext4" "$VM/mnt"
rsync -a --delete --exclude .venv --exclude .git --exclude build --exclude __pycache__ --exclude '.*_cache' \
    "$ROOT/" "$VM/mnt/root/warmup-mirror/" || { umount "$VM/mnt"; exit 1; }
rsync -a --delete "$VM/wheels/" "$VM/mnt/opt/pivm/wheels/" || { umount "$VM/mnt"; exit 1; }
umount "$VM/mnt"
"$ROOT/.venv/bin/python" -m tests.pivm.machine provision
touch "$VM/ready"
say "ready: $VM/rootfs.ext4"
