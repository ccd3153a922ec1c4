#!/usr/bin/env bash
# Installs what EdgeCtl needs on a fresh Debian 12 machine, idempotently:
# Debian packages (broker, native libraries), then `dotnet restore`.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  mosquitto mosquitto-clients libmosquitto1   # MQTT broker, mosquitto_sub, client library (P/Invoke)
  libgpiod2                                   # GPIO lines via libgpiod v1 (P/Invoke)
  libstb0 libtiff6                            # JPEG/PNG (stb_image) and TIFF decoding (P/Invoke)
  sqlite3                                     # inspecting campaign stores by hand
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package starts a system-wide broker on 1883; EdgeCtl runs its own on another port
# (scripts/mosquitto.sh), so the system one is left as it is.

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK ('dotnet') is not on PATH" >&2; exit 1; }

# Restore once per change of the package pins / project files.
stamp=.tools/restore.stamp
mkdir -p .tools
hash=$(cat Directory.Packages.props $(git ls-files '*.csproj' 2>/dev/null || find . -name '*.csproj') | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  echo "setup: dotnet restore"
  dotnet restore EdgeCtl.sln -v q --nologo
  dotnet restore src/EdgeCtl.Service -r linux-x64 -v q --nologo
  dotnet restore hil/EdgeCtl.Hil -r linux-x64 -v q --nologo
  echo "$hash" > "$stamp"
fi
