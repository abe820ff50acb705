#!/usr/bin/env bash
# A container engine with a Docker-compatible API, for the compose system test, the image builds
# and the Testcontainers-backed tests. Source it (it exports what the callers need):
#
#   source compose/ci/engine.sh          # or: source compose/ci/engine.sh start
#   source compose/ci/engine.sh stop     # stops what an earlier start in this shell started
#
# Exports ENGINE (docker or podman, the CLI to call), DOCKER_HOST (the API socket that
# docker-compose and Testcontainers use) and, for podman, CONTAINERS_CONF.
#
# A running Docker engine (`docker info` answers) is used as it is. Otherwise podman, installed
# from Debian if absent, set up the way these machines need it (measured, see compose/README.md,
# "Containers without Docker"):
#   - runc as the runtime: crun fails with "cgroups in hybrid mode not supported";
#   - default ulimits no higher than this machine's hard limits (ulimit -Hn / -Hu, and nproc no
#     higher than kernel.pid_max): with higher ones every container fails with
#     "error setting rlimit type 6 (or 7): operation not permitted";
#   - `podman system service` serves the Docker API on a unix socket;
#   - a health-check loop: podman 4.3 runs health checks from systemd timers, which do not exist
#     without systemd, so `depends_on: condition: service_healthy` would wait for ever. The loop
#     runs `podman healthcheck run` for every running container with a health check, at the
#     interval the container declares.

_engine_log() { echo "[engine] $*" >&2; }

_engine_state=${UNDERSTUDY_ENGINE_STATE:-/run/understudy-engine}

_engine_seconds() { # a Go duration (10s, 1m0s, 500ms, 1m30s) -> whole seconds, at least 1
    local d=$1 total=0 n unit
    while [[ $d =~ ^([0-9.]+)(ms|us|µs|ns|h|m|s)(.*)$ ]]; do
        n=${BASH_REMATCH[1]%%.*}; unit=${BASH_REMATCH[2]}; d=${BASH_REMATCH[3]}
        case $unit in
            h) total=$(( total + n * 3600 )) ;;
            m) total=$(( total + n * 60 )) ;;
            s) total=$(( total + n )) ;;
        esac
    done
    (( total < 1 )) && total=1
    echo "$total"
}

# The health-check loop (runs in the background; see the header).
_engine_health_loop() {
    declare -A interval last
    while true; do
        now=$(date +%s)
        while read -r id; do
            [[ -n $id ]] || continue
            if [[ -z ${interval[$id]:-} ]]; then
                local raw
                raw=$(podman inspect --format '{{.Config.Healthcheck.Interval}}' "$id" 2>/dev/null) || continue
                interval[$id]=$(_engine_seconds "${raw:-30s}")
                last[$id]=0
            fi
            if (( now - ${last[$id]} >= ${interval[$id]} )); then
                last[$id]=$now
                podman healthcheck run "$id" >/dev/null 2>&1 &
            fi
        done < <(podman ps --filter health=starting --filter health=healthy --filter health=unhealthy \
                    --format '{{.ID}}' 2>/dev/null)
        wait
        sleep 1
    done
}

_engine_podman_conf() {
    local nofile nproc
    nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
    [[ $nofile == unlimited ]] && nofile=1048576
    [[ $nproc == unlimited ]] && nproc=1048576
    # and no higher than kernel.pid_max: here (hard limit 96367, pid_max 32768) runc's setrlimit of
    # any nproc above 32768 fails with "operation not permitted" too
    local pid_max
    pid_max=$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo "$nproc")
    (( nproc > pid_max )) && nproc=$pid_max
    mkdir -p "$_engine_state"
    local previous
    previous=$(cat "$_engine_state/containers.conf" 2>/dev/null || true)
    cat >"$_engine_state/containers.conf" <<EOF
# written by compose/ci/engine.sh: this machine's hard limits, and runc (see there)
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
EOF
    export CONTAINERS_CONF="$_engine_state/containers.conf"
    # a service started with other settings is restarted
    if [[ $previous != "$(cat "$CONTAINERS_CONF")" ]]; then
        _engine_stop
    fi
}

_engine_start() {
    # a Docker engine, not podman's Docker API (which a DOCKER_HOST from an earlier start points at)
    if command -v docker >/dev/null 2>&1 && [[ -z ${UNDERSTUDY_ENGINE:-} || ${UNDERSTUDY_ENGINE} == docker ]] \
            && timeout 20 docker info >/dev/null 2>&1 \
            && ! timeout 20 docker version --format '{{range .Server.Components}}{{.Name}} {{end}}' 2>/dev/null | grep -qi podman; then
        export ENGINE=docker
        _engine_log "using the running Docker engine ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
        return 0
    fi
    local tool missing=()
    for tool in podman runc docker-compose curl; do command -v $tool >/dev/null 2>&1 || missing+=("$tool"); done
    if (( ${#missing[@]} )); then
        _engine_log "installing ${missing[*]} from Debian"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
            || { _engine_log "cannot install podman"; return 1; }
    fi
    export ENGINE=podman
    _engine_podman_conf
    local socket=$_engine_state/podman.sock
    export DOCKER_HOST=unix://$socket
    if ! curl -fs --unix-socket "$socket" http://d/_ping >/dev/null 2>&1; then
        rm -f "$socket"
        setsid bash -c 'echo $$ >"$1/service.pid"; exec podman system service --time=0 "$2"' _ "$_engine_state" "$DOCKER_HOST" \
            >"$_engine_state/service.log" 2>&1 </dev/null &
        local i
        for i in $(seq 1 100); do
            curl -fs --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 && break
            sleep 0.2
        done
        curl -fs --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 \
            || { _engine_log "podman's API did not answer on $socket: $(tail -n3 "$_engine_state/service.log")"; return 1; }
        _engine_log "podman $(podman version --format '{{.Client.Version}}') API on $DOCKER_HOST (runc; $(grep -o 'nofile=[0-9]*\|nproc=[0-9]*' "$CONTAINERS_CONF" | sort -u | tr '\n' ' '))"
    fi
    if [[ ! -f $_engine_state/health.pid ]] || ! kill -0 "$(cat "$_engine_state/health.pid")" 2>/dev/null; then
        setsid bash -c "echo \$\$ >'$_engine_state/health.pid'; $(declare -f _engine_seconds _engine_health_loop); _engine_health_loop" \
            >"$_engine_state/health.log" 2>&1 </dev/null &
        sleep 0.5
        _engine_log "health-check loop started (pid $(cat "$_engine_state/health.pid"))"
    fi
}

_engine_stop() {
    local f stopped=false
    for f in health service; do
        if [[ -f $_engine_state/$f.pid ]]; then
            kill "$(cat "$_engine_state/$f.pid")" 2>/dev/null && stopped=true
            rm -f "$_engine_state/$f.pid"
        fi
    done
    rm -f "$_engine_state/podman.sock"
    if $stopped; then _engine_log "podman API and health-check loop stopped"; fi
}

case ${1:-start} in
    start) _engine_start ;;
    stop) _engine_stop ;;
    *) _engine_log "usage: source compose/ci/engine.sh [start|stop]"; false ;;
esac
