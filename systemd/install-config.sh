#!/usr/bin/env bash
# /etc/kiosk for Warm-up Mirror: root's, readable by everyone, writable by no one else, and never
# changed through a link. Run by install.sh (as root); safe to run again.
#   systemd/install-config.sh ETC EXAMPLE KIOSK
# ETC is the folder (/etc/kiosk), EXAMPLE the file a new configuration is copied from, KIOSK the
# installed kiosk command (it sets camera.source = "picamera" in a new configuration).
#
# Older installs left /etc/kiosk 2775 root:kiosk so that the calibration screen could replace
# config.toml; the kiosk's user could then swap it for a link to /etc/shadow, and the next install
# would chown and chmod the link's target. The folder is made root's first (so nothing in it can
# be swapped any more), and only then is config.toml looked at: a link, anything but a regular file,
# or a file with other hard links is refused, never followed. The calibration screen now saves to the
# kiosk's own /var/lib/kiosk/calibration.toml (systemd's StateDirectory=).
set -euo pipefail

ETC="$1"
EXAMPLE="$2"
KIOSK="$3"
OWNER="${KIOSK_ETC_OWNER:-root:root}"  # tests run this as another user
DRY_RUN="${DRY_RUN:-0}"
CONFIG="$ETC/config.toml"

run() {
  if [ "$DRY_RUN" = 1 ]; then echo "would run: $*"; else echo "+ $*"; "$@"; fi
}
refuse() {
  echo "install.sh: $*" >&2
  exit 1
}

if [ -L "$ETC" ]; then
  refuse "$ETC is a symbolic link: make it a real folder owned by root, then run the installer again"
fi
if [ -e "$ETC" ] && [ ! -d "$ETC" ]; then
  refuse "$ETC is not a folder: move it away, then run the installer again"
fi
run mkdir -p "$ETC"
run chown -h "$OWNER" "$ETC"
run chmod 0755 "$ETC"
run chmod ug-s "$ETC"  # chmod 0755 keeps a folder's setgid bit
# Whatever the kiosk's user made in the old group-writable folder (an exercises.toml, a folder) is
# root's now too: links themselves (-h, never their targets); a file with other hard links is left.
run find "$ETC" -mindepth 1 \( -type d -o -type l -o \( -type f -links 1 \) \) -exec chown -h "$OWNER" {} +
run find "$ETC" -mindepth 1 \( -type d -o \( -type f -links 1 \) \) -exec chmod go-w,ug-s {} +

if [ -L "$CONFIG" ]; then
  refuse "$CONFIG is a symbolic link (to $(readlink "$CONFIG")): it was never followed; replace it with a regular file, then run the installer again"
elif [ -e "$CONFIG" ] && [ ! -f "$CONFIG" ]; then
  refuse "$CONFIG is not a regular file: replace it with one, then run the installer again"
elif [ -e "$CONFIG" ] && [ "$(stat -c %h "$CONFIG")" != 1 ]; then
  refuse "$CONFIG has other hard links: it was left alone; replace it with a copy, then run the installer again"
elif [ -e "$CONFIG" ]; then
  echo "keeping the existing $CONFIG"
else
  run install -m 0644 "$EXAMPLE" "$CONFIG"
  # On the Pi the camera is the Pi camera: a missing one is a trouble screen, never the demo athlete.
  run "$KIOSK" config --config "$CONFIG" set camera.source picamera
fi
run chown -h "$OWNER" "$CONFIG"
run chmod 0644 "$CONFIG"
