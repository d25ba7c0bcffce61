#!/usr/bin/env bash
# Remove Warm-up Mirror from a Pi and give the console back to its login prompt. Safe to run again.
#   sudo ./systemd/uninstall.sh            stop and remove the service and /opt/kiosk; keep /etc/kiosk and the user
#   sudo ./systemd/uninstall.sh --purge    also remove /etc/kiosk (the configuration) and the kiosk user
#   ./systemd/uninstall.sh --dry-run       print every step without doing any
set -euo pipefail

DRY_RUN=0
PURGE=0
for option in "$@"; do
  case "$option" in
    --dry-run) DRY_RUN=1 ;;
    --purge) PURGE=1 ;;
    *) echo "uninstall.sh: unknown option '$option' (use --dry-run, --purge or nothing)" >&2; exit 2 ;;
  esac
done

PREFIX="${KIOSK_PREFIX:-/opt/kiosk}"
ETC="${KIOSK_ETC:-/etc/kiosk}"
STATE_DIR="${KIOSK_STATE_DIR:-/var/lib/kiosk}"
UNIT_DIR="${KIOSK_UNIT_DIR:-/etc/systemd/system}"
BIN_LINK="${KIOSK_BIN_LINK:-/usr/local/bin/kiosk}"
USER_NAME=kiosk

step() { echo "== $*"; }
run() {
  if [ "$DRY_RUN" = 1 ]; then echo "would run: $*"; else echo "+ $*"; "$@"; fi
}
if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "uninstall.sh: run it as root: sudo $0 $*" >&2
  exit 1
fi

step "1/4 the service, and the console's login prompt back on tty1"
run systemctl disable --now kiosk.service || echo "no kiosk.service to stop"
run rm -f "$UNIT_DIR/kiosk.service"
run systemctl daemon-reload
run systemctl start getty@tty1.service

step "2/4 the command"
# Only our own link: a /usr/local/bin/kiosk that points elsewhere is someone else's.
if [ -L "$BIN_LINK" ] && [ "$(readlink "$BIN_LINK")" = "$PREFIX/.venv/bin/kiosk" ]; then
  run rm -f "$BIN_LINK"
else
  echo "no link $BIN_LINK to $PREFIX"
fi

step "3/4 the product ($PREFIX, with its venv)"
run rm -rf --one-file-system "$PREFIX"

step "4/4 the configuration ($ETC, $STATE_DIR) and the $USER_NAME user"
if [ "$PURGE" = 1 ]; then
  run rm -rf --one-file-system "$ETC" "$STATE_DIR"
  if id "$USER_NAME" >/dev/null 2>&1; then run userdel "$USER_NAME"; fi
else
  echo "keeping $ETC and the $USER_NAME user (--purge removes them)"
fi
echo "done: the mirror is gone; tty1 shows a login prompt again"
