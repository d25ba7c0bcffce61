#!/usr/bin/env bash
# Install Warm-up Mirror on Raspberry Pi OS Bookworm or Trixie (64-bit, Lite). Safe to run again.
#   sudo ./systemd/install.sh            install or update, then (re)start the service
#   ./systemd/install.sh --dry-run       print every step without doing any
# On a machine that is not a Pi (the Pi in a box, tests/pivm), say what it lacks; nothing is left out unasked:
#   --source FILE   no Pi camera: frames come from FILE (a video file, or demo); python3-picamera2 is not installed
#   --no-buttons    no GPIO buttons: [buttons] enabled = false (keyboard only); python3-lgpio is not installed
set -euo pipefail

DRY_RUN=0
SOURCE=""
BUTTONS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --source)
      [ -n "${2:-}" ] || { echo "install.sh: --source needs a video file (or demo) to take frames from" >&2; exit 2; }
      SOURCE="$2"
      shift ;;
    --no-buttons) BUTTONS=0 ;;
    *) echo "install.sh: unknown option '$1' (use --dry-run, --source FILE, --no-buttons or nothing)" >&2; exit 2 ;;
  esac
  shift
done
PI_PACKAGES=""
[ -n "$SOURCE" ] || PI_PACKAGES="python3-picamera2"
[ "$BUTTONS" = 0 ] || PI_PACKAGES="$PI_PACKAGES python3-lgpio"

SRC="$(cd "$(dirname "$0")/.." && pwd)"
PREFIX="${KIOSK_PREFIX:-/opt/kiosk}"
ETC="${KIOSK_ETC:-/etc/kiosk}"
UNIT_DIR="${KIOSK_UNIT_DIR:-/etc/systemd/system}"
OS_RELEASE="${KIOSK_OS_RELEASE:-/etc/os-release}"
USER_NAME=kiosk
GROUPS_NEEDED=video,render,input,gpio,audio

step() { echo "== $*"; }
run() {
  if [ "$DRY_RUN" = 1 ]; then echo "would run: $*"; else echo "+ $*"; "$@"; fi
}
write() {  # write FILE LINE: a new file renamed over FILE, so a link planted at FILE is replaced, never followed
  if [ "$DRY_RUN" = 1 ]; then echo "would write $1: $2"; return; fi
  echo "+ write $1: $2"
  local new
  new="$(mktemp "$1.XXXXXX")"
  printf '%s\n' "$2" > "$new" && chmod 0644 "$new" && mv -fT "$new" "$1"
}

CODENAME="$(. "$OS_RELEASE" 2>/dev/null && echo "${VERSION_CODENAME:-}")"
case "$CODENAME" in
  bookworm | trixie) ;;
  *) echo "install.sh: this is '${CODENAME:-unknown}'; the installer supports Raspberry Pi OS Bookworm and Trixie" >&2; exit 1 ;;
esac
if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run it as root: sudo $0" >&2
  exit 1
fi

step "1/6 system packages ($CODENAME)"
[ -z "$SOURCE" ] || echo "no Pi camera (--source): frames come from $SOURCE; python3-picamera2 is left out"
[ "$BUTTONS" = 1 ] || echo "no GPIO buttons (--no-buttons): keyboard only; python3-lgpio is left out"
run apt-get update
# shellcheck disable=SC2086
run apt-get install -y python3-venv python3-numpy $PI_PACKAGES python3-gpiozero \
  libegl1 libgles2 libgbm1 libdrm2 rsync

step "2/6 the $USER_NAME user, in $GROUPS_NEEDED"
if id "$USER_NAME" >/dev/null 2>&1; then
  echo "user $USER_NAME exists"
else
  run useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$USER_NAME"
fi
run usermod -aG "$GROUPS_NEEDED" "$USER_NAME"

step "3/6 the product in $PREFIX"
DRY_RUN="$DRY_RUN" "$SRC/systemd/install-product.sh" "$SRC" "$PREFIX"  # root's, whoever cloned $SRC

step "4/6 the kiosk, installed from its wheel into $PREFIX/.venv (with the system's picamera2, lgpio and numpy)"
if [ -x "$PREFIX/.venv/bin/python" ]; then
  echo "venv exists"
else
  run python3 -m venv --system-site-packages "$PREFIX/.venv"
fi
# One numpy in the process: apt's, which picamera2 and simplejpeg were built against (hardware/README.md).
# The Pi's lock leaves numpy out and was resolved against the numpy apt ships (requirements/README.md).
LOCK="$PREFIX/requirements/pi-$CODENAME.lock"
LOCKED_NUMPY="$(sed -n 's/^numpy==//p' "$SRC/requirements/pi-$CODENAME.constraints")"
NUMPY="$(python3 -c 'import numpy; print(numpy.__version__)' 2>/dev/null || true)"
if [ -z "$NUMPY" ]; then
  [ "$DRY_RUN" = 1 ] || { echo "install.sh: python3-numpy is missing: sudo apt-get install python3-numpy" >&2; exit 1; }
  NUMPY="$LOCKED_NUMPY"
fi
if [ "$NUMPY" != "$LOCKED_NUMPY" ] && [ "$DRY_RUN" = 0 ]; then
  echo "install.sh: apt's numpy is $NUMPY but requirements/pi-$CODENAME.lock was made for $LOCKED_NUMPY:" \
    "put numpy==$NUMPY in requirements/pi-$CODENAME.constraints and run make lock (README, Upgrading a dependency)" >&2
  exit 1
fi
write "$PREFIX/constraints.txt" "numpy==$NUMPY"
# pygame and pygame-ce share one folder: a venv from before pygame-ce loses pygame first.
if [ -x "$PREFIX/.venv/bin/pip" ] && "$PREFIX/.venv/bin/pip" show --quiet pygame 2>/dev/null; then
  run "$PREFIX/.venv/bin/pip" uninstall --yes pygame pygame-ce
fi
# Exactly the lock's versions, each file checked against its hash; then the kiosk itself, not editable
# (the same wheel tests/test_packaging.py installs, with the model and exercises inside it), built with
# the lock's setuptools. The venv keeps the lock it came from, for kiosk doctor.
run "$PREFIX/.venv/bin/pip" install --require-hashes --no-deps -r "$LOCK"
run "$PREFIX/.venv/bin/pip" install --no-deps --no-build-isolation "$PREFIX"
run install -m 0644 "$LOCK" "$PREFIX/.venv/kiosk.lock"

step "5/6 the configuration ($ETC/config.toml: root's; the kiosk's own files are in /var/lib/kiosk)"
DRY_RUN="$DRY_RUN" "$SRC/systemd/install-config.sh" "$ETC" "$SRC/config.example.toml" "$PREFIX/.venv/bin/kiosk"
[ -z "$SOURCE" ] || run "$PREFIX/.venv/bin/kiosk" config --config "$ETC/config.toml" set camera.source "$SOURCE"
[ "$BUTTONS" = 1 ] || run "$PREFIX/.venv/bin/kiosk" config --config "$ETC/config.toml" set buttons.enabled false
run ln -sf "$PREFIX/.venv/bin/kiosk" /usr/local/bin/kiosk
run "$PREFIX/.venv/bin/kiosk" config validate "$ETC/config.toml"

step "6/6 the service"
run install -D -m 0644 "$SRC/systemd/kiosk.service" "$UNIT_DIR/kiosk.service"
run systemctl daemon-reload
run systemctl enable kiosk.service
run systemctl restart kiosk.service
echo "done: the mirror starts at every boot. Check it with: kiosk status; kiosk doctor; journalctl -u kiosk"
