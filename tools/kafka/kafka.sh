#!/usr/bin/env bash
# FrictionLens local Kafka: a real single-node KRaft Apache Kafka broker, no Docker.
#
#   bash tools/kafka/kafka.sh start     fetch jars (first run), format storage (first run), start, wait until ready
#   bash tools/kafka/kafka.sh stop      stop the broker started here (by its recorded pid, never by name)
#   bash tools/kafka/kafka.sh status    exit 0 and print the pid when running, exit 1 otherwise
#   bash tools/kafka/kafka.sh logs [-f] [N]   print the last N (default 100) lines of the broker log; -f follows
#   bash tools/kafka/kafka.sh reset     stop, then wipe topics and metadata (the jars are kept)
#
# Environment:
#   FRICTIONLENS_KAFKA_HOME  work folder (default: <repo>/.kafka, git-ignored)
#   KAFKA_PORT               client port on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT    KRaft controller port on 127.0.0.1 (default 9093)
#   KAFKA_HEAP               broker max heap, e.g. 512m (default 512m; initial heap is 256m or less)
#   KAFKA_START_TIMEOUT      seconds to wait for readiness (default 90)
#   JAVA_HOME                Java 17+ to use (default: java on PATH)
#
# Work folder layout: libs/ (jars), data/ (log.dirs), metadata/ (metadata.log.dir, its own folder on
# purpose: a second JVM on the same folders cannot then damage a running broker), server.properties,
# log4j2.properties, cluster.id, kafka.pid, kafka.log (broker stdout/stderr).
set -euo pipefail

KAFKA_VERSION=4.4.0
SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
POM="$SCRIPT_DIR/pom.xml"

KAFKA_HOME="${FRICTIONLENS_KAFKA_HOME:-$REPO_ROOT/.kafka}"
[[ "$KAFKA_HOME" == /* ]] || KAFKA_HOME="$PWD/$KAFKA_HOME"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP="${KAFKA_HEAP:-512m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
HOST=127.0.0.1

LIBS="$KAFKA_HOME/libs"
DATA_DIR="$KAFKA_HOME/data"
META_DIR="$KAFKA_HOME/metadata"
PROPS="$KAFKA_HOME/server.properties"
LOG4J="$KAFKA_HOME/log4j2.properties"
PID_FILE="$KAFKA_HOME/kafka.pid"
LOG_FILE="$KAFKA_HOME/kafka.log"
LOCK_FILE="$KAFKA_HOME/.lock"
CLUSTER_ID_FILE="$KAFKA_HOME/cluster.id"

say() { printf 'kafka: %s\n' "$*"; }
die() { printf 'kafka: ERROR: %s\n' "$*" >&2; exit 1; }

valid_port() {
  [[ "$1" =~ ^[1-9][0-9]{0,4}$ ]] && (($1 < 65536))
}

validate_env() {
  valid_port "$PORT" || die "KAFKA_PORT must be a port number, got '$PORT'"
  valid_port "$CONTROLLER_PORT" || die "KAFKA_CONTROLLER_PORT must be a port number, got '$CONTROLLER_PORT'"
  ((PORT != CONTROLLER_PORT)) || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both $PORT)"
  [[ "$HEAP" =~ ^[0-9]+[kKmMgG]$ ]] || die "KAFKA_HEAP must look like 512m or 1g, got '$HEAP'"
  [[ "$START_TIMEOUT" =~ ^[0-9]+$ ]] || die "KAFKA_START_TIMEOUT must be a number of seconds, got '$START_TIMEOUT'"
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    die "java not found: install a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
  fi
}

# --- process checks ----------------------------------------------------------------------------

# True when $1 is a live process that is a Kafka broker started on this work folder. A pid that was
# SIGKILLed can linger as a zombie (kill -0 succeeds, cmdline empty), and pids get reused, so the
# command line is checked, not only the pid.
is_our_broker() {
  local pid="$1" cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *kafka.Kafka* && "$cmd" == *"$PROPS"* ]]
}

recorded_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  printf '%s\n' "$pid"
}

# Prints the pid of the running broker of this work folder, or fails.
running_pid() {
  local pid
  pid="$(recorded_pid)" || return 1
  is_our_broker "$pid" || return 1
  printf '%s\n' "$pid"
}

# Listener description for a TCP port on 127.0.0.1/any address, empty when free.
port_listener() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    ss -ltnpH "sport = :$port" 2>/dev/null || true
  else
    # No ss: a connect test (only says "something listens").
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
      printf 'something listens on %s:%s\n' "$HOST" "$port"
    fi
  fi
}

port_open() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -ltnH "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null
  fi
}

# Pid of a process listening on the port, when ss can tell.
port_owner_pid() {
  port_listener "$1" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2
}

# --- setup -------------------------------------------------------------------------------------

ensure_home() {
  mkdir -p "$KAFKA_HOME"
}

# Serialises start/stop/reset of one work folder (two `start`s at once would both launch a JVM).
take_lock() {
  exec 9>"$LOCK_FILE"
  if ! flock -w 180 9; then
    die "another kafka.sh is busy with $KAFKA_HOME (lock $LOCK_FILE held for 180 s)"
  fi
}

libs_ready() {
  [[ -f "$LIBS/.complete" && -f "$LIBS/kafka_2.13-$KAFKA_VERSION.jar" && -f "$LIBS/log4j-slf4j-impl-2.24.3.jar" ]]
}

fetch_libs() {
  libs_ready && return 0
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed once to fetch the Kafka jars: apt-get install maven"
  say "fetching Kafka $KAFKA_VERSION jars with Maven (first run ~1 min)..."
  local t0=$SECONDS tmp="$KAFKA_HOME/libs.tmp.$$"
  rm -rf "$tmp"
  if ! mvn -q -B -f "$POM" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime >"$KAFKA_HOME/mvn.log" 2>&1; then
    tail -n 40 "$KAFKA_HOME/mvn.log" >&2 || true
    rm -rf "$tmp"
    die "Maven could not fetch the Kafka jars (full output: $KAFKA_HOME/mvn.log)"
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || { rm -rf "$tmp"; die "Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing"; }
  touch "$tmp/.complete"
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  rm -f "$KAFKA_HOME/mvn.log"
  say "fetched $(find "$LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS" | cut -f1)) into $LIBS in $((SECONDS - t0)) s"
}

write_log4j() {
  cat >"$LOG4J" <<'EOF'
# Generated by tools/kafka/kafka.sh on every start: edits are overwritten.
status = warn
name = FrictionLensKafka

appender.console.type = Console
appender.console.name = STDOUT
appender.console.target = SYSTEM_OUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{yyyy-MM-dd HH:mm:ss,SSS}] %p %m (%c{1.})%n

rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT

# Noisy at INFO, rarely useful for local development.
logger.config.name = org.apache.kafka.common.config.AbstractConfig
logger.config.level = WARN
logger.appinfo.name = org.apache.kafka.common.utils.AppInfoParser
logger.appinfo.level = WARN
logger.clients.name = org.apache.kafka.clients
logger.clients.level = WARN
logger.raft.name = org.apache.kafka.raft
logger.raft.level = WARN
logger.snapshot.name = org.apache.kafka.snapshot
logger.snapshot.level = WARN
logger.image.name = org.apache.kafka.image
logger.image.level = WARN
logger.metadata.name = org.apache.kafka.metadata
logger.metadata.level = WARN
logger.controller.name = org.apache.kafka.controller
logger.controller.level = WARN
logger.storage.name = org.apache.kafka.storage
logger.storage.level = WARN
logger.partition.name = kafka.cluster
logger.partition.level = WARN
logger.kafkalog.name = kafka.log
logger.kafkalog.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.statechange.additivity = false
logger.statechange.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.request.additivity = false
logger.request.appenderRef.stdout.ref = STDOUT
logger.network.name = kafka.network
logger.network.level = WARN
logger.replica.name = kafka.server.ReplicaFetcherManager
logger.replica.level = WARN
logger.alterPartition.name = kafka.server.DefaultAlterPartitionManager
logger.alterPartition.level = WARN
EOF
}

write_properties() {
  cat >"$PROPS" <<EOF
# Generated by tools/kafka/kafka.sh on every start: edits are overwritten.
# Single-node KRaft broker + controller for local development (FrictionLens).
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$HOST:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT

log.dirs=$DATA_DIR
metadata.log.dir=$META_DIR

num.partitions=6
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

group.initial.rebalance.delay.ms=0
group.coordinator.rebalance.protocols=classic,consumer
auto.create.topics.enable=false
delete.topic.enable=true
EOF
}

new_cluster_id() {
  # A Kafka Uuid: 16 random bytes, URL-safe base64 without padding (22 chars), not starting with '-'.
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ ${#id} -eq 22 && "$id" != -* && "$id" != AAAAAAAAAAAAAAAAAAAAA[AB] ]] && break
  done
  printf '%s\n' "$id"
}

# Formats KRaft storage once. data/ and metadata/ share one cluster id: they are formatted and
# wiped together.
format_storage() {
  local data_ok=0 meta_ok=0
  [[ -f "$DATA_DIR/meta.properties" ]] && data_ok=1
  [[ -f "$META_DIR/meta.properties" ]] && meta_ok=1
  ((data_ok && meta_ok)) && return 0
  if ((data_ok || meta_ok)); then
    die "storage in $KAFKA_HOME is half formatted (data/ and metadata/ disagree): run '$0 reset'"
  fi
  rm -rf "$DATA_DIR" "$META_DIR"
  mkdir -p "$DATA_DIR" "$META_DIR"
  local cluster_id
  cluster_id="$(new_cluster_id)"
  say "formatting KRaft storage (cluster id $cluster_id)..."
  local out
  if ! out="$("$JAVA" -Xmx256m -Dlog4j2.configurationFile="$LOG4J" -cp "$LIBS/*" \
    kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$PROPS" 2>&1)"; then
    printf '%s\n' "$out" >&2
    rm -rf "$DATA_DIR" "$META_DIR"
    die "formatting KRaft storage failed"
  fi
  printf '%s\n' "$out" >>"$LOG_FILE"
  printf '%s\n' "$cluster_id" >"$CLUSTER_ID_FILE"
}

rotate_log() {
  if [[ -f "$LOG_FILE" ]] && (($(stat -c %s "$LOG_FILE") > 50 * 1024 * 1024)); then
    mv -f "$LOG_FILE" "$LOG_FILE.1"
  fi
}

# --- subcommands -------------------------------------------------------------------------------

cmd_start() {
  validate_env
  ensure_home
  take_lock

  local pid
  if pid="$(running_pid)"; then
    local running_port
    running_port="$(sed -n 's|^advertised.listeners=PLAINTEXT://[^:]*:\([0-9]*\)$|\1|p' "$PROPS" 2>/dev/null || true)"
    if [[ -n "$running_port" && "$running_port" != "$PORT" ]]; then
      die "already running (pid $pid) on $HOST:$running_port, not $PORT: run '$0 stop' first to change KAFKA_PORT"
    fi
    # Started by an earlier `start` that was interrupted before it was ready: wait for the port.
    local deadline=$((SECONDS + START_TIMEOUT))
    while ! port_open "$PORT"; do
      is_our_broker "$pid" || die "pid $pid exited while starting: see '$0 logs'"
      ((SECONDS < deadline)) || die "pid $pid runs but does not listen on $HOST:$PORT: see '$0 logs'"
      sleep 0.25
    done
    say "already running (pid $pid) on $HOST:$PORT"
    return 0
  fi
  rm -f "$PID_FILE"

  # Our broker running without a pid file (pid file deleted by hand): adopt it.
  local owner
  owner="$(port_owner_pid "$PORT" || true)"
  if [[ -n "$owner" ]] && is_our_broker "$owner"; then
    printf '%s\n' "$owner" >"$PID_FILE"
    say "already running (pid $owner) on $HOST:$PORT"
    return 0
  fi

  local p listener
  for p in "$PORT" "$CONTROLLER_PORT"; do
    listener="$(port_listener "$p")"
    if [[ -n "$listener" ]]; then
      printf '%s\n' "$listener" >&2
      die "port $p is already taken by another process (see above): stop it, or choose other ports with KAFKA_PORT / KAFKA_CONTROLLER_PORT"
    fi
  done

  JAVA="$(java_bin)"
  fetch_libs
  write_log4j
  write_properties
  rotate_log
  format_storage

  local offset
  printf '\n===== kafka.sh start %s: Kafka %s on %s:%s (heap %s) =====\n' \
    "$(date -Is)" "$KAFKA_VERSION" "$HOST" "$PORT" "$HEAP" >>"$LOG_FILE"
  offset="$(stat -c %s "$LOG_FILE")"

  local xms=256m
  # Initial heap must not exceed the max heap (KAFKA_HEAP=128m would otherwise fail).
  case "$HEAP" in
    *[kK]) (( ${HEAP%?} < 256 * 1024 )) && xms="$HEAP" ;;
    *[mM]) (( ${HEAP%?} < 256 )) && xms="$HEAP" ;;
  esac

  say "starting Kafka $KAFKA_VERSION on $HOST:$PORT (log: $LOG_FILE)..."
  local t0=$SECONDS
  # A plain background command, so $! is the JVM itself (nohup execs). fd 9 (the lock) is closed
  # for the JVM, otherwise the broker would hold the lock for its whole life.
  nohup "$JAVA" -Xmx"$HEAP" -Xms"$xms" \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG4J" \
    -cp "$LIBS/*" \
    kafka.Kafka "$PROPS" </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"

  local deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    if ! is_our_broker "$pid"; then
      # Give nohup a moment to exec java before judging by the command line.
      sleep 0.3
      if ! is_our_broker "$pid"; then
        rm -f "$PID_FILE"
        echo "---- last lines of $LOG_FILE ----" >&2
        tail -c +"$((offset + 1))" "$LOG_FILE" | tail -n 30 >&2 || true
        die "the broker exited during startup (see above)"
      fi
    fi
    if port_open "$PORT" && tail -c +"$((offset + 1))" "$LOG_FILE" | grep -q 'Kafka Server started'; then
      break
    fi
    if ((SECONDS >= deadline)); then
      echo "---- last lines of $LOG_FILE ----" >&2
      tail -c +"$((offset + 1))" "$LOG_FILE" | tail -n 30 >&2 || true
      say "not ready after ${START_TIMEOUT} s: stopping pid $pid" >&2
      stop_pid "$pid" || true
      rm -f "$PID_FILE"
      die "the broker did not become ready within ${START_TIMEOUT} s (see above)"
    fi
    sleep 0.25
  done
  say "ready on $HOST:$PORT (pid $pid) in $((SECONDS - t0)) s"
}

# SIGTERM, up to 30 s, then SIGKILL. Returns once the process is gone.
stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 120; i++)); do
    is_our_broker "$pid" || return 0
    sleep 0.25
  done
  say "pid $pid still running after 30 s: sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 40; i++)); do
    is_our_broker "$pid" || return 0
    sleep 0.25
  done
  die "pid $pid did not exit after SIGKILL"
}

cmd_stop() {
  ensure_home
  take_lock
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    say "not running"
    return 0
  fi
  say "stopping (pid $pid)..."
  local t0=$SECONDS
  stop_pid "$pid"
  rm -f "$PID_FILE"
  say "stopped in $((SECONDS - t0)) s"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if port_open "$PORT"; then
      say "running (pid $pid) on $HOST:$PORT"
    else
      say "running (pid $pid), not listening on $HOST:$PORT yet"
    fi
    return 0
  fi
  say "not running"
  return 1
}

cmd_logs() {
  local follow=0 lines=100 arg
  for arg in "$@"; do
    case "$arg" in
      -f | --follow) follow=1 ;;
      [0-9]*) lines="$arg" ;;
      *) die "usage: $0 logs [-f] [LINES]" ;;
    esac
  done
  [[ -f "$LOG_FILE" ]] || die "no log yet ($LOG_FILE): run '$0 start' first"
  if ((follow)); then
    exec tail -n "$lines" -F "$LOG_FILE"
  fi
  tail -n "$lines" "$LOG_FILE"
}

cmd_reset() {
  cmd_stop
  # cmd_stop holds the lock (fd 9) until this script exits.
  rm -rf "$DATA_DIR" "$META_DIR" "$CLUSTER_ID_FILE" "$KAFKA_HOME"/libs.tmp.*
  say "wiped topics and metadata in $KAFKA_HOME (jars kept); the next start formats fresh storage"
}

usage() {
  cat <<EOF
usage: bash tools/kafka/kafka.sh <start|stop|status|logs [-f] [N]|reset>
  start   fetch jars (first run), format storage (first run), start Kafka $KAFKA_VERSION on $HOST:$PORT, wait until ready
  stop    stop the broker (SIGTERM, SIGKILL after 30 s)
  status  exit 0 and print the pid when running, exit 1 otherwise
  logs    print the broker log (-f to follow)
  reset   stop and wipe all topics and metadata (keeps the jars)
work folder: $KAFKA_HOME
EOF
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    logs) cmd_logs "$@" ;;
    reset) cmd_reset "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
