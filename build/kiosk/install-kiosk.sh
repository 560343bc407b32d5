#!/bin/sh
# Installs the kiosk start of the situation wall for the current (kiosk) user: the launcher into
# ~/.local/bin, the systemd user unit, the autostart entry. Run as the kiosk user, not root.
#   sh install-kiosk.sh            install (or update)
#   sh install-kiosk.sh --remove   remove
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin="$HOME/.local/bin"; unit="$HOME/.config/systemd/user"; auto="$HOME/.config/autostart"
if [ "${1:-}" = "--remove" ]; then
  systemctl --user disable --now situation-wall.service 2>/dev/null || true
  rm -f "$bin/situation-wall-kiosk" "$unit/situation-wall.service" "$auto/situation-wall-kiosk.desktop"
  systemctl --user daemon-reload || true
  echo "киоск ситуационной стены удалён"
  exit 0
fi
mkdir -p "$bin" "$unit" "$auto"
install -m 0755 "$here/situation-wall-kiosk" "$bin/situation-wall-kiosk"
install -m 0644 "$here/situation-wall.service" "$unit/situation-wall.service"
install -m 0644 "$here/situation-wall-kiosk.desktop" "$auto/situation-wall-kiosk.desktop"
systemctl --user daemon-reload
echo "готово: при входе в сеанс стена запустится (systemctl --user status situation-wall)"
