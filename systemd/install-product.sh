#!/usr/bin/env bash
# The product in PREFIX (/opt/kiosk) for Warm-up Mirror: root's, writable by no one else. Run by
# install.sh (as root); safe to run again.
#   systemd/install-product.sh SRC PREFIX
# `rsync -a` alone would keep the source's owner: a checkout cloned by `pi` would leave /opt/kiosk
# and its venv pi's, and pi could then replace .venv/bin/kiosk, which /usr/local/bin/kiosk and every
# `sudo kiosk` run as root. The copy is made root's, and so is whatever an older install left there
# (its venv too), without following a link planted inside.
set -euo pipefail

SRC="$1"
PREFIX="$2"
OWNER="${KIOSK_PREFIX_OWNER:-root:root}"  # tests run this as another user
DRY_RUN="${DRY_RUN:-0}"

run() {
  if [ "$DRY_RUN" = 1 ]; then echo "would run: $*"; else echo "+ $*"; "$@"; fi
}

if [ -L "$PREFIX" ]; then
  echo "install.sh: $PREFIX is a symbolic link: make it a real folder owned by root, then run the installer again" >&2
  exit 1
fi
if [ "$SRC" != "$PREFIX" ]; then
  run rsync -a --no-owner --no-group --chmod=go-w --delete --exclude .venv --exclude .git --exclude build \
    "$SRC/" "$PREFIX/"
fi
run chown -R -h "$OWNER" "$PREFIX"  # -R never follows a link; -h changes the link, never its target
run chmod -R go-w "$PREFIX"
