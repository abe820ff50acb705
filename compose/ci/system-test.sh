#!/usr/bin/env bash
# The compose system test: the whole compose/docker-compose.yml, a failover by `docker kill`, and
# every record counted on egress from the host.
#
#   1. docker-compose up -d (the images must exist: compose/images/build.sh), host ports chosen
#      free (HOST_PORT_* variables of the compose file);
#   2. wait until every service with a health check is healthy and `topics` exited 0;
#   3. `understudy traffic` from the host through the bridge's published TCP port;
#   4. mid-traffic, SIGKILL the container of the node that leads (`docker-compose kill`), wait for
#      the selector to move leadership, start the container again and wait until it is healthy;
#   5. `understudy verify` from the host: the whole egress topic against the traffic's sent log
#      (lost, duplicated, reordered, wrong leader, payload mismatches: all must be 0);
#   6. `understudy audit` from the host against the compose cluster;
#   7. docker-compose down -v (always, also after a failure).
#
# Prints one line with its time and counts; exit code 0 only when every step passed and nothing
# was lost, duplicated or reordered. Options (environment): SYSTEM_TEST_RATE (packets/s, default
# 200), SYSTEM_TEST_DURATION (s of traffic, default 60), SYSTEM_TEST_KILL_AT (s into the traffic,
# default 20), SYSTEM_TEST_WORK (logs; default a new directory under /tmp).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
log() { echo "[compose] $*"; }

rate=${SYSTEM_TEST_RATE:-200}
duration=${SYSTEM_TEST_DURATION:-60}
kill_at=${SYSTEM_TEST_KILL_AT:-20}
work=${SYSTEM_TEST_WORK:-$(mktemp -d /tmp/understudy-compose-test.XXXXXX)}
mkdir -p "$work"
project=understudy-systest
compose_file=$root/compose/docker-compose.yml
jar=$root/cli/target/understudy.jar
started=$SECONDS

# shellcheck source=engine.sh
source "$here/engine.sh" start || exit 1
[[ -f $jar ]] || { log "cli/target/understudy.jar is missing: run mvn -B package (or verify) first"; exit 1; }

compose() { docker-compose -p "$project" -f "$compose_file" "$@"; }
understudy() { java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" "$@"; }

# A free TCP port on the host, from $1 upward (nothing answers on 127.0.0.1 and no one else was given it).
taken_ports=" "
free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || [[ $taken_ports == *" $port "* ]] \
            || ss -ltnH 2>/dev/null | awk '{print $4}' | grep -q ":$port\$"; do
        port=$(( port + 1 ))
    done
    taken_ports+="$port "
    echo "$port"
}
export HOST_PORT_KAFKA_1 HOST_PORT_KAFKA_2 HOST_PORT_KAFKA_3 HOST_PORT_REGISTRY HOST_PORT_BRIDGE_TCP \
    HOST_PORT_BRIDGE_HTTP HOST_PORT_STATUS HOST_PORT_STATUS_2
HOST_PORT_KAFKA_1=$(free_port 19092); HOST_PORT_KAFKA_2=$(free_port $(( HOST_PORT_KAFKA_1 + 1 )))
HOST_PORT_KAFKA_3=$(free_port $(( HOST_PORT_KAFKA_2 + 1 ))); HOST_PORT_REGISTRY=$(free_port 8081)
HOST_PORT_BRIDGE_TCP=$(free_port 7400); HOST_PORT_BRIDGE_HTTP=$(free_port 7480); HOST_PORT_STATUS=$(free_port 9400)
HOST_PORT_STATUS_2=$(free_port $(( HOST_PORT_STATUS + 1 )))
bootstrap=localhost:$HOST_PORT_KAFKA_1,localhost:$HOST_PORT_KAFKA_2,localhost:$HOST_PORT_KAFKA_3
registry=http://localhost:$HOST_PORT_REGISTRY/apis/ccompat/v7
cluster=(--bootstrap-servers "$bootstrap" --schema-registry-url "$registry")

failed=""
fail() { failed=${failed:-$*}; log "FAILED: $*"; }

cleanup() {
    if [[ -n $failed ]]; then
        log "logs of every service in $work/logs"
        mkdir -p "$work/logs"
        local service
        for service in $(compose config --services 2>/dev/null); do
            compose logs --no-color "$service" >"$work/logs/$service.log" 2>&1
            log "  --- $service (last 5 lines)"; tail -n 5 "$work/logs/$service.log" | sed 's/^/[compose]     /'
        done
    fi
    compose down -v --remove-orphans >"$work/down.log" 2>&1 || log "docker-compose down -v failed: $(tail -n 3 "$work/down.log")"
}
trap cleanup EXIT

# One line per container of the project: "<service> <state>", the state being "healthy",
# "starting", "unhealthy", "none" (no health check) or "exited:<code>"
service_states() {
    local ids
    ids=$(compose ps -q 2>/dev/null)
    [[ -n $ids ]] || return 0
    # shellcheck disable=SC2086
    $ENGINE inspect --format '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' \
        $ids 2>/dev/null | while read -r service status code health; do
        case $status in
            exited|stopped|dead) echo "$service exited:$code" ;;
            *) echo "$service ${health:-none}" ;;
        esac
    done
}

# wait_healthy TIMEOUT SERVICE...: every one healthy (topics: exited 0)
wait_healthy() {
    local timeout=$1; shift
    local begin=$SECONDS deadline=$(( SECONDS + timeout )) service state pending states timeline=""
    declare -A ready=()
    while true; do
        pending=""
        states=$(service_states)
        for service in "$@"; do
            state=$(awk -v s="$service" '$1 == s { print $2; exit }' <<<"$states")
            case $service:${state:-absent} in
                topics:exited:0|*:healthy)
                    if [[ -z ${ready[$service]:-} ]]; then
                        ready[$service]=$(( SECONDS - begin )); timeline+=" $service ${ready[$service]}s"
                    fi ;;
                topics:exited:*) fail "the topics service exited with ${state#exited:}"; return 1 ;;
                *) pending+=" $service=${state:-absent}" ;;
            esac
        done
        if [[ -z $pending ]]; then
            (( $# > 1 )) && log "ready after:$timeline"
            return 0
        fi
        if (( SECONDS > deadline )); then
            fail "not healthy after ${timeout}s:$pending (ready after:$timeline)"
            return 1
        fi
        sleep 3
    done
}

# The node leading partition 0, from `understudy status` (the leadership topic).
leader() {
    understudy status "${cluster[@]}" 2>/dev/null | awk '$1 == "0" { print $2; exit }'
}

main() {
    local services
    services=$(compose config --services) || { fail "docker-compose config"; return 1; }
    log "docker-compose up: $(echo $services | tr '\n' ' ')(project $project; host ports: kafka $HOST_PORT_KAFKA_1-$HOST_PORT_KAFKA_3, registry $HOST_PORT_REGISTRY, bridge $HOST_PORT_BRIDGE_TCP, status $HOST_PORT_STATUS)"
    compose down -v --remove-orphans >/dev/null 2>&1
    local t=$SECONDS
    if ! compose up -d --no-build >"$work/up.log" 2>&1; then
        tail -n 20 "$work/up.log" | sed 's/^/[compose]   /'
        fail "docker-compose up"; return 1
    fi
    log "docker-compose up -d returned after $(( SECONDS - t ))s (it waits for the brokers, the registry and topics: the roles depend on them)"
    # shellcheck disable=SC2086
    wait_healthy 600 $services || return 1
    up_seconds=$(( SECONDS - t ))
    log "every service healthy after ${up_seconds}s"

    local first_leader
    first_leader=$(leader)
    log "partition 0 led by ${first_leader:-?}; traffic: $rate packets/s for ${duration}s through localhost:$HOST_PORT_BRIDGE_TCP"
    understudy traffic --bridge "127.0.0.1:$HOST_PORT_BRIDGE_TCP" --flows 10 --rate "$rate" --duration "$duration" \
        --record "$work/sent.tsv" >"$work/traffic.log" 2>&1 &
    local traffic=$!
    sleep "$kill_at"
    victim=$(leader)
    case $victim in
        a|b) ;;
        *) fail "no node leads partition 0 before the kill (status says '${victim}')"; kill "$traffic" 2>/dev/null; wait "$traffic"; return 1 ;;
    esac
    log "docker kill node-$victim (SIGKILL, the leader) at ${kill_at}s of traffic"
    compose kill -s SIGKILL "node-$victim" >>"$work/kill.log" 2>&1 || { fail "docker-compose kill node-$victim"; }
    local killed_at=$SECONDS new_leader=""
    while (( SECONDS - killed_at < 120 )); do
        new_leader=$(leader)
        [[ -n $new_leader && $new_leader != "$victim" ]] && break
        sleep 1
    done
    if [[ -z $new_leader || $new_leader == "$victim" ]]; then
        fail "leadership did not move away from node $victim within 120 s"
    else
        failover_seconds=$(( SECONDS - killed_at ))
        log "node $new_leader leads partition 0 (${failover_seconds}s after the kill, by the status table); starting node-$victim again"
    fi
    compose start "node-$victim" >>"$work/kill.log" 2>&1 || fail "docker-compose start node-$victim"
    wait_healthy 300 "node-$victim" && log "node-$victim healthy again ($(( SECONDS - killed_at ))s after the kill)"
    if ! wait "$traffic"; then
        tail -n 5 "$work/traffic.log" | sed 's/^/[compose]   /'
        fail "understudy traffic"
    fi
    tail -n 1 "$work/traffic.log" | sed 's/^/[compose] /'
    [[ -n $failed ]] && return 1

    understudy verify "${cluster[@]}" --record "$work/sent.tsv" --wait 180 >"$work/verify.log" 2>&1
    local verified=$?
    grep -v '^  ' "$work/verify.log" | sed 's/^/[compose] /'
    result=$(grep '^RESULT' "$work/verify.log")
    (( verified == 0 )) || fail "egress is not what was sent: $result"

    understudy audit "${cluster[@]}" --json "$work/audit.json" >"$work/audit.log" 2>&1
    local audited=$?
    audit_line=$(grep '^RESULT' "$work/audit.log")
    sed 's/^/[compose] /' "$work/audit.log" | tail -n 15
    (( audited == 0 )) || fail "understudy audit found violations (exit $audited)"
    [[ -z $failed ]]
}

up_seconds="?"; failover_seconds="?"; victim="?"; result=""; audit_line=""
main
status=$?
trap - EXIT
cleanup
counts=${result#RESULT }
log "SYSTEM TEST $( [[ -z $failed && $status -eq 0 ]] && echo PASSED || echo FAILED ) in $(( SECONDS - started ))s" \
    "(up ${up_seconds}s, node-$victim killed, failover ${failover_seconds}s): ${counts:-no counts}; audit ${audit_line#RESULT }; work $work"
[[ -z $failed && $status -eq 0 ]]
