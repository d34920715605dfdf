#!/bin/sh
# Installs the Debian packages named on the command line that are not installed yet.
# As root it runs apt-get itself, with sudo it asks sudo; otherwise it prints the command.
missing=""
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

echo "ravi: installing missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "ravi: please run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# The package lists of a fresh machine may be empty or stale: update once, then install.
$SUDO apt-get update -qq >/dev/null &&
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
    { echo "ravi: apt-get install failed for:$missing" >&2; exit 1; }
