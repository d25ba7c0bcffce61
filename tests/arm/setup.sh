#!/bin/sh
# An emulated Raspberry Pi 5 for `make test-arm`, all of it under build/arm (a second run fetches nothing):
#   qemu/     Debian trixie's qemu-user for this machine (10.0: bookworm's 7.2 crashes in MoveNet's int8 kernels);
#   root/     trixie's arm64 Python 3.13 and the C/C++ runtime, as Raspberry Pi OS has them;
#   site/     the aarch64 wheels of exactly the versions this checkout's venv has.
# The host's apt is left alone: a private sources list, state and cache per architecture (build/arm/apt-*)
# reach the Debian archive the host's own sources list names. No root needed.
#
#   tests/arm/setup.sh        then   tests/arm/python -m pytest tests/pose
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ARM=$ROOT/build/arm
SUITE=trixie
# Exact versions: when the archive moves on, this stops and says so; put the new version here.
QEMU_PACKAGE="qemu-user=1:10.0.13+ds-0+deb13u1"
ARM_PACKAGES="python3.13=3.13.5-2+deb13u5 libstdc++6=14.2.0-19"
PYTHON_TAG=3.13
# x86-only tooling, and what is not this project's runtime or test code.
NOT_FOR_ARM='^(ruff|mypy|mypy[-_]extensions|librt|ast[-_]serialize|types-.*|picamera2|warmup-mirror|setuptools|pathspec)=='

say() { echo "test-arm setup: $*"; }

# fetch ARCH PACKAGES...: download the packages and everything they depend on, for ARCH, from SUITE.
fetch() {
    arch=$1 && shift
    apt_dir=$ARM/apt-$arch
    archive=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n 1 | tr -d ' ')
    [ -n "$archive" ] || { say "no Debian archive in this machine's apt sources list to fetch $SUITE from"; exit 1; }
    rm -rf "$apt_dir" && mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
    : > "$apt_dir/status"
    echo "deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive $SUITE main" \
        > "$apt_dir/sources.list"
    set -- -q -o Dir::Etc::sourcelist="$apt_dir/sources.list" -o Dir::Etc::sourceparts=/dev/null \
        -o Dir::State::Lists="$apt_dir/lists" -o Dir::State::status="$apt_dir/status" -o Dir::Cache="$apt_dir/cache" \
        -o APT::Architecture="$arch" -o APT::Architectures="$arch" -o Debug::NoLocking=1 \
        -o APT::Sandbox::User="$(id -un)" "$@"
    say "fetching Debian $SUITE $arch packages"
    apt-get "$@" update >/dev/null
    apt-get "$@" install -y --download-only --no-install-recommends $packages >/dev/null
}

# unpack ARCH FOLDER: every package fetched for ARCH, unpacked (not installed) into FOLDER.
unpack() {
    rm -rf "$2.new" && mkdir -p "$2.new/usr/lib" "$2.new/usr/bin"
    # Debian's merged /usr: the loader is asked for as /lib/ld-linux-aarch64.so.1.
    ln -s usr/lib "$2.new/lib" && ln -s usr/bin "$2.new/bin"
    for deb in "$ARM/apt-$1"/cache/archives/*.deb; do
        dpkg-deb -x "$deb" "$2.new"
    done
    ls "$ARM/apt-$1"/cache/archives/*.deb | xargs -n 1 basename > "$2.new/packages.txt"
    rm -rf "$2" && mv "$2.new" "$2"
}

if [ ! -x "$ARM/qemu/usr/bin/qemu-aarch64" ]; then
    packages=$QEMU_PACKAGE && fetch "$(dpkg --print-architecture)" && unpack "$(dpkg --print-architecture)" "$ARM/qemu"
fi
if [ ! -x "$ARM/root/usr/bin/python$PYTHON_TAG" ]; then
    packages=$ARM_PACKAGES && fetch arm64 && unpack arm64 "$ARM/root"
fi

# The same versions as this checkout's venv, so the emulated run differs from x86 in its CPU alone.
"$ROOT/.venv/bin/pip" freeze --exclude-editable --disable-pip-version-check | grep -viE "$NOT_FOR_ARM" \
    | grep '==' > "$ARM/requirements.new"
if ! cmp -s "$ARM/requirements.new" "$ARM/requirements.txt" 2>/dev/null || [ ! -d "$ARM/site" ]; then
    say "fetching the aarch64 wheels of $(wc -l < "$ARM/requirements.new") packages"
    rm -rf "$ARM/site"
    # pip takes each --platform as it is: every manylinux tag trixie's glibc (2.41) can load.
    platforms=$(seq -f '--platform manylinux_2_%g_aarch64' 17 41 | tr '\n' ' ')
    # shellcheck disable=SC2086
    "$ROOT/.venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
        --target "$ARM/site" --implementation cp --python-version "$PYTHON_TAG" $platforms \
        -r "$ARM/requirements.new"
    mv "$ARM/requirements.new" "$ARM/requirements.txt"
else
    rm "$ARM/requirements.new"
fi
say "ready: $("$ROOT/tests/arm/python" -c 'import platform, sys; print(platform.machine(), "Python", sys.version.split()[0])')"
