#!/usr/bin/env bash
# EdgeCtl's private mosquitto broker, for development and tests.
#
#   scripts/mosquitto.sh start DIR [PORT]   generate config + credentials in DIR (once), start the
#                                           broker on 127.0.0.1:PORT, wait until it accepts
#                                           connections, write DIR/broker.env
#   scripts/mosquitto.sh stop DIR           stop the broker started from DIR (no-op when not running)
#   scripts/mosquitto.sh status DIR         exit 0 when the broker from DIR is running
#
# DIR holds: mosquitto.conf, passwd (mosquitto_passwd hashes), acl, mosquitto.pid, mosquitto.log,
# credentials (plain-text passwords, mode 0600) and broker.env:
#   MQTT_HOST=127.0.0.1  MQTT_PORT=...  MQTT_USERNAME=edgectl  MQTT_PASSWORD=...
#   MQTT_MONITOR_USERNAME=monitor  MQTT_MONITOR_PASSWORD=...
#
# Users and ACL (mosquitto.conf(5), "acl_file"):
#   edgectl  readwrite edgectl/#          (the service)
#   monitor  read edgectl/#, write edgectl/+/cmd/#   (dashboards and the commanding client)
# Anonymous clients are refused; persistence is off.
#
# Idempotent: "start" on a running broker only re-checks it; a second "start" after "stop" reuses
# DIR's credentials and (unless PORT is given) its port, so clients reconnect unchanged. The
# default port is a free one picked at random in 20000-59999 (never 1883, where Debian's system
# broker may listen). Started as root, mosquitto drops to user "mosquitto": the files it reads and
# writes are handed to that user and DIR is made traversable.
set -euo pipefail
# Debian installs the broker in /usr/sbin, which is not on a normal user's PATH.
PATH="$PATH:/usr/sbin:/sbin"

die() { echo "mosquitto.sh: $*" >&2; exit 1; }

usage() {
  echo "usage: $0 start DIR [PORT] | stop DIR | status DIR" >&2
  exit 2
}

# port_open PORT -> 0 when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# running DIR -> 0 when DIR/mosquitto.pid names a live mosquitto process.
running() {
  local pidfile="$1/mosquitto.pid" pid
  [[ -s "$pidfile" ]] || return 1
  pid=$(<"$pidfile")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == mosquitto ]]
}

random_secret() {
  local s
  s=$(head -c 48 /dev/urandom | base64 -w 0)
  s=${s//[^A-Za-z0-9]/}
  echo "${s:0:24}"
}

pick_port() {
  local i p
  for i in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    port_open "$p" || { echo "$p"; return 0; }
  done
  die "no free TCP port found on 127.0.0.1 after 200 tries"
}

# read_var FILE NAME -> the value of NAME=value in FILE (empty when absent).
read_var() {
  [[ -r "$1" ]] || return 0
  local line
  while IFS= read -r line; do
    if [[ "$line" == "$2="* ]]; then echo "${line#"$2="}"; return 0; fi
  done <"$1"
}

start() {
  local dir="$1" port="${2:-}"
  command -v mosquitto >/dev/null || die "mosquitto not found: apt-get install -y mosquitto mosquitto-clients"
  command -v mosquitto_passwd >/dev/null || die "mosquitto_passwd not found: apt-get install -y mosquitto"
  # mosquitto.conf(5) has no quoting: a path with white space or '#' cannot be written into it.
  local bad='[[:space:]#]'
  [[ "$dir" =~ $bad || "$PWD/$dir" =~ $bad && "$dir" != /* ]] \
    && die "DIR '$dir' contains white space or '#', which mosquitto.conf cannot express"
  mkdir -p "$dir" || die "cannot create DIR '$dir'"
  dir=$(cd "$dir" && pwd)

  if [[ -n "$port" ]] && ! [[ "$port" =~ ^[0-9]+$ && "$port" -ge 1 && "$port" -le 65535 ]]; then
    die "PORT must be an integer in 1..65535, got '$port'"
  fi

  if running "$dir"; then
    local cur; cur=$(read_var "$dir/broker.env" MQTT_PORT)
    [[ -z "$port" || "$port" == "$cur" ]] || die "broker from '$dir' already runs on port $cur, not $port: stop it first"
    port_open "$cur" || die "broker from '$dir' (pid $(<"$dir/mosquitto.pid")) runs but port $cur is closed; see $dir/mosquitto.log"
    echo "mosquitto already running on 127.0.0.1:$cur (pid $(<"$dir/mosquitto.pid")); env: $dir/broker.env"
    return 0
  fi
  rm -f "$dir/mosquitto.pid"

  # Credentials: generated once per DIR, reused by later starts.
  local cred="$dir/credentials" edgectl_pw monitor_pw
  if [[ -s "$cred" && -s "$dir/passwd" ]]; then
    edgectl_pw=$(read_var "$cred" edgectl)
    monitor_pw=$(read_var "$cred" monitor)
    [[ -n "$edgectl_pw" && -n "$monitor_pw" ]] || die "'$cred' is incomplete: delete '$dir' and start again"
  else
    edgectl_pw=$(random_secret)
    monitor_pw=$(random_secret)
    (umask 077; printf 'edgectl=%s\nmonitor=%s\n' "$edgectl_pw" "$monitor_pw" >"$cred")
    rm -f "$dir/passwd"
    mosquitto_passwd -b -c "$dir/passwd" edgectl "$edgectl_pw" >/dev/null || die "mosquitto_passwd failed for user edgectl"
    mosquitto_passwd -b "$dir/passwd" monitor "$monitor_pw" >/dev/null || die "mosquitto_passwd failed for user monitor"
  fi

  if [[ -z "$port" ]]; then
    port=$(read_var "$dir/broker.env" MQTT_PORT)
    if [[ -z "$port" ]] || port_open "$port"; then port=$(pick_port); fi
  fi
  port_open "$port" && die "port $port on 127.0.0.1 is already in use"

  cat >"$dir/acl" <<'EOF'
# EdgeCtl broker ACL (mosquitto.conf(5), acl_file). Patterns are MQTT topic filters.
user edgectl
topic readwrite edgectl/#

user monitor
topic read edgectl/#
topic write edgectl/+/cmd/#
EOF

  cat >"$dir/mosquitto.conf" <<EOF
# Generated by scripts/mosquitto.sh; regenerated on every start.
per_listener_settings false
listener $port 127.0.0.1
allow_anonymous false
password_file $dir/passwd
acl_file $dir/acl
persistence false
pid_file $dir/mosquitto.pid
log_dest file $dir/mosquitto.log
log_type error
log_type warning
log_type notice
log_type information
connection_messages true
log_timestamp_format %Y-%m-%dT%H:%M:%S
EOF

  # mosquitto writes its pid file and log after dropping privileges: create them for it.
  touch "$dir/mosquitto.log" "$dir/mosquitto.pid"
  chmod 0640 "$dir/passwd" "$dir/acl" "$dir/mosquitto.conf" "$dir/mosquitto.log"
  chmod 0644 "$dir/mosquitto.pid"
  if [[ "$(id -u)" == 0 ]] && id mosquitto >/dev/null 2>&1; then
    # mosquitto drops to user "mosquitto" after binding; it must still read passwd/acl and write the log.
    chown mosquitto: "$dir/passwd" "$dir/acl" "$dir/mosquitto.conf" "$dir/mosquitto.log" "$dir/mosquitto.pid"
    chmod a+x "$dir"
    if command -v runuser >/dev/null; then
      local f
      for f in passwd acl; do
        runuser -u mosquitto -- test -r "$dir/$f" \
          || die "user 'mosquitto' cannot read '$dir/$f': make every parent directory of '$dir' traversable (chmod a+x)"
      done
    fi
  fi

  mosquitto -c "$dir/mosquitto.conf" -d || die "mosquitto failed to start; see $dir/mosquitto.log"

  local i
  for i in $(seq 1 100); do
    if port_open "$port"; then break; fi
    if (( i > 5 )) && ! running "$dir"; then
      tail -n 20 "$dir/mosquitto.log" >&2 || true
      die "mosquitto exited during start; see $dir/mosquitto.log"
    fi
    sleep 0.1
  done
  port_open "$port" || die "mosquitto did not accept connections on 127.0.0.1:$port within 10 s; see $dir/mosquitto.log"
  for i in $(seq 1 50); do running "$dir" && break; sleep 0.1; done
  running "$dir" || die "port $port answers but '$dir/mosquitto.pid' names no live mosquitto"

  (umask 077; cat >"$dir/broker.env" <<EOF
MQTT_HOST=127.0.0.1
MQTT_PORT=$port
MQTT_USERNAME=edgectl
MQTT_PASSWORD=$edgectl_pw
MQTT_MONITOR_USERNAME=monitor
MQTT_MONITOR_PASSWORD=$monitor_pw
EOF
  )
  echo "mosquitto running on 127.0.0.1:$port (pid $(<"$dir/mosquitto.pid")); env: $dir/broker.env"
}

stop() {
  local dir="$1"
  [[ -d "$dir" ]] || { echo "mosquitto.sh: '$dir' does not exist; nothing to stop"; return 0; }
  if ! running "$dir"; then
    rm -f "$dir/mosquitto.pid"
    echo "mosquitto from '$dir' is not running"
    return 0
  fi
  local pid; pid=$(<"$dir/mosquitto.pid")
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "mosquitto.sh: pid $pid ignored SIGTERM for 10 s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  kill -0 "$pid" 2>/dev/null && die "could not stop mosquitto pid $pid"
  rm -f "$dir/mosquitto.pid"
  echo "mosquitto from '$dir' stopped"
}

[[ $# -ge 2 ]] || usage
cmd="$1"; dir="$2"
[[ -n "$dir" ]] || usage
case "$cmd" in
  start) [[ $# -le 3 ]] || usage; start "$dir" "${3:-}" ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$dir" ;;
  status) [[ $# -eq 2 ]] || usage; running "$dir" && { echo "running (pid $(<"$dir/mosquitto.pid"))"; exit 0; } || { echo "not running"; exit 1; } ;;
  *) usage ;;
esac
