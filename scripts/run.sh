#!/usr/bin/env bash
# The main job (`make run`): an unattended campaign of edgectl against the HIL rig, with status on
# a real local MQTT broker (watched by mosquitto_sub) and every measurement in runs/<id>/campaign.db.
# Variables (from make): SPECIMEN (synthetic|highmag|replay; highmag = the rig's synthetic-highmag),
# ITERATIONS, ELEMENTS, SEED, SPEEDUP, CAMPAIGN, DETECTOR (default: edgectl's, auto),
# and MQTT_HOST/MQTT_PORT/MQTT_USERNAME/MQTT_PASSWORD to use an existing broker instead of our own.
set -euo pipefail
cd "$(dirname "$0")/.."

SPECIMEN=${SPECIMEN:-synthetic}
[ "$SPECIMEN" = highmag ] && SPECIMEN=synthetic-highmag
# Campaign settings per specimen. synthetic-highmag (paper section V): particles ~4 nm across, so the campaign
# zooms the overview for SAM (docs/rig.md) and EDX gets ~2 s per particle as in the paper's experiment. The overview
# keeps edgectl's 1 µs dwell: ~8 counts of film per pixel, a counting image the detector handles (4 µs gave the same
# result for 10 s more instrument time).
extra=()
if [ "$SPECIMEN" = synthetic-highmag ]; then
  extra+=(--EdgeCtl:Acquisition:ExpectedParticleDiameterNm=4 --EdgeCtl:Acquisition:EdxFrameSeconds=200)
fi
[ -z "${DETECTOR:-}" ] || extra+=("--EdgeCtl:Acquisition:ParticleDetector=$DETECTOR")
ITERATIONS=${ITERATIONS:-150}
# The replay specimen is the recorded SiO2 field: its library elements are Si and O.
if [ -z "${ELEMENTS:-}" ]; then [ "$SPECIMEN" = replay ] && ELEMENTS=Si,O || ELEMENTS=Au,Co,Ni; fi
SEED=${SEED:-1}
SPEEDUP=${SPEEDUP:-1000}
CAMPAIGN=${CAMPAIGN:-$(date -u +%Y%m%d-%H%M%S)-$SPECIMEN}
work=.tools/run/$CAMPAIGN
mkdir -p "$work"

pids=()
own_broker=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -z "$own_broker" ] || scripts/mosquitto.sh stop "$own_broker" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# 1. Broker: ours on loopback with generated credentials, unless one is configured.
if [ -z "${MQTT_HOST:-}" ]; then
  own_broker="$work/broker"
  scripts/mosquitto.sh start "$own_broker" >/dev/null
  # shellcheck disable=SC1091
  set -a; source "$own_broker/broker.env"; set +a
fi

# 2. The rig, as its own process; it prints one READY line with its endpoints.
mkfifo "$work/rig.stdin" 2>/dev/null || true
rig_elements=(); [ "$SPECIMEN" = replay ] || rig_elements=(--elements "$ELEMENTS")
out/edgectl-hil/edgectl-hil --specimen "$SPECIMEN" --seed "$SEED" "${rig_elements[@]}" --speedup "$SPEEDUP" \
  --exit-on-stdin-close <"$work/rig.stdin" >"$work/rig.out" 2>"$work/rig.log" &
pids+=($!)
exec 3>"$work/rig.stdin"   # held open for the rig's lifetime; closing it stops the rig
for _ in $(seq 1 300); do
  grep -q '^EDGECTL-HIL READY' "$work/rig.out" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "run: the rig exited:" >&2; cat "$work/rig.log" >&2; exit 1; }
  sleep 0.1
done
ready=$(grep -m1 '^EDGECTL-HIL READY' "$work/rig.out") || { echo "run: the rig did not become ready in 30 s" >&2; cat "$work/rig.log" >&2; exit 1; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$ready"; }
scan=$(field scan); control=$(field control); tty=$(field gcs_tty); gcs=$(field gcs_tcp)
stage="serial:$tty"; [ -n "$tty" ] || stage="tcp://$gcs"

# 3. A lab-wide monitor: mosquitto_sub with the read-only account sees every status and event.
mosquitto_sub -h "$MQTT_HOST" -p "$MQTT_PORT" -u "${MQTT_MONITOR_USERNAME:-$MQTT_USERNAME}" \
  -P "${MQTT_MONITOR_PASSWORD:-$MQTT_PASSWORD}" -t 'edgectl/#' -v >"$work/mqtt-monitor.log" 2>&1 &
pids+=($!)

# 4. The campaign.
out/edgectl/edgectl run --campaign-id "$CAMPAIGN" --iterations "$ITERATIONS" --seed "$SEED" \
  --scan "$scan" --stage "$stage" --rig-control "$control" --specimen "$SPECIMEN" \
  --mqtt "$MQTT_HOST:$MQTT_PORT" --mqtt-user "$MQTT_USERNAME" --mqtt-password-env MQTT_PASSWORD \
  --elements "$ELEMENTS" "${extra[@]}"

sleep 0.5
run_dir="runs/$CAMPAIGN"
cp "$work/mqtt-monitor.log" "$run_dir/mqtt-monitor.log" 2>/dev/null || true
cp "$work/rig.log" "$run_dir/rig.log" 2>/dev/null || true
status_msgs=$(grep -c '/status ' "$run_dir/mqtt-monitor.log" 2>/dev/null || true)
event_msgs=$(grep -c '/event ' "$run_dir/mqtt-monitor.log" 2>/dev/null || true)
echo "mosquitto_sub saw ${status_msgs:-0} status and ${event_msgs:-0} event messages on $MQTT_HOST:$MQTT_PORT ($run_dir/mqtt-monitor.log)"
echo "run folder: $run_dir"
