#!/usr/bin/env bash
# Installs what EdgeCtl needs on a fresh Debian 12 machine, idempotently: Debian packages (broker,
# native libraries), the SAM models and ONNX Runtime (scripts/setup-models.sh), the report's plotting
# library (scripts/setup-report.sh), then `dotnet restore`.
#   scripts/setup.sh        what `make run` needs
#   scripts/setup.sh test   also what the tests need (headless chromium for the report render test)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  mosquitto mosquitto-clients libmosquitto1   # MQTT broker, mosquitto_sub, client library (P/Invoke)
  libgpiod2                                   # GPIO lines via libgpiod v1 (P/Invoke)
  libstb0 libtiff6                            # JPEG/PNG (stb_image) and TIFF decoding (P/Invoke)
  sqlite3                                     # inspecting campaign stores by hand
)
if [ "${1:-}" = test ]; then APT_PACKAGES+=(chromium); fi   # renders the simulation report in the tests
# npm fetches pinned packages (ONNX Runtime, SAM weights, uPlot); the machine's Node.js usually brings it.
command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)

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

scripts/setup-models.sh
scripts/setup-report.sh

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
