#!/usr/bin/env bash
# Publishes the service and the rig: trimmed, self-contained, ReadyToRun (DESIGN.md, Publishing).
#   out/edgectl/edgectl        the service
#   out/edgectl-hil/edgectl-hil the instrument emulator
set -euo pipefail
cd "$(dirname "$0")/.."
rid=linux-x64
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; esac
publish() { # project output
  if [ "$rid" = linux-x64 ]; then
    dotnet publish "$1" -c Release -r $rid --self-contained -p:PublishTrimmed=true -p:PublishReadyToRun=true \
      -o "$2" --nologo -v q -clp:ErrorsOnly
  else # arm64 runtime packs are not on the mirror: framework-dependent portable build
    dotnet publish "$1" -c Release -o "$2" --nologo -v q -clp:ErrorsOnly
  fi
}
publish src/EdgeCtl.Service out/edgectl
publish hil/EdgeCtl.Hil out/edgectl-hil
echo "build: out/edgectl/edgectl and out/edgectl-hil/edgectl-hil ($rid)"
