#!/usr/bin/env bash
# Builds every image the compose deployment and the Testcontainers-backed tests need, from what
# Debian and Maven Central serve (no image registry needed), and tags them with the official names:
#
#   localhost/debian:bookworm            debootstrap (minbase) of the machine's own Debian mirror
#   localhost/understudy-java:17         + OpenJDK 17 JRE; also tagged eclipse-temurin:17-jre
#   apache/kafka:4.1.2                   Kafka's Maven Central jars (kafka/pom.xml), official layout
#   apicurio/apicurio-registry:3.0.9     the tar.gz:all distribution from Maven Central, + curl
#   understudy:0.1.0                     compose/Dockerfile with cli/target/understudy.jar
#
# Usage: compose/images/build.sh [--force] [image...]    (images: debian java kafka apicurio understudy)
#
# An image is rebuilt only when the hash of its inputs (its files here, the image it starts from,
# for understudy the jar) differs from the label io.understudy.inputs of the image present, so a
# second run costs seconds. --force rebuilds them all. Uses Docker when a Docker engine runs,
# podman otherwise (compose/ci/engine.sh installs and sets it up). Run as root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
log() { echo "[images] $*" >&2; }

force=false
wanted=()
for arg in "$@"; do
    case $arg in
        --force) force=true ;;
        debian|java|kafka|apicurio|understudy) wanted+=("$arg") ;;
        *) log "unknown argument '$arg': use [--force] [debian|java|kafka|apicurio|understudy ...]"; exit 2 ;;
    esac
done
(( ${#wanted[@]} )) || wanted=(debian java kafka apicurio understudy)

# shellcheck source=../ci/engine.sh
source "$root/compose/ci/engine.sh" start

DEBIAN_SUITE=bookworm
KAFKA_VERSION=4.1.2
APICURIO_VERSION=3.0.9
UNDERSTUDY_VERSION=0.1.0

# Files of a directory (not target/), then extra strings, hashed: the image's input hash.
inputs_hash() {
    local dir=$1; shift
    {
        printf '%s\n' "$@"
        if [[ -n $dir ]]; then
            (cd "$dir" && find . -path ./target -prune -o -type f -print | LC_ALL=C sort | while read -r f; do
                echo "== $f"; cat "$f"; done)
        fi
    } | sha256sum | cut -c1-16
}

present_hash() {
    $ENGINE image inspect --format '{{index .Config.Labels "io.understudy.inputs"}}' "$1" 2>/dev/null || true
}

# up_to_date NAME HASH: true if NAME exists with that input hash (and --force was not given)
up_to_date() {
    ! $force && [[ $(present_hash "$1") == "$2" ]]
}

tag_all() { # tag SOURCE with every further name
    local source=$1; shift
    local name
    for name in "$@"; do $ENGINE tag "$source" "$name"; done
}

timed() { # timed WHAT COMMAND...: runs it and logs its seconds
    local what=$1; shift
    local start=$SECONDS
    "$@"
    log "$what: $(( SECONDS - start )) s"
}

# The Debian mirror this machine's apt already uses (deb822 or one-line sources).
debian_mirror() {
    local mirror
    mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' \
        | grep -v -- '-security' | head -n1 || true)
    if [[ -z $mirror ]]; then
        mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { print $i; break } }' \
            | grep -v -- '-security' | head -n1 || true)
    fi
    [[ -n $mirror ]] || { log "no Debian mirror in /etc/apt/sources.list*: set DEBIAN_MIRROR"; return 1; }
    echo "$mirror"
}

build_debian() {
    local hash
    hash=$(inputs_hash "" "debian $DEBIAN_SUITE minbase v1")
    if up_to_date localhost/debian:$DEBIAN_SUITE "$hash"; then log "debian:$DEBIAN_SUITE up to date"; return; fi
    command -v debootstrap >/dev/null 2>&1 || {
        log "installing debootstrap"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    }
    local mirror rootfs
    mirror=${DEBIAN_MIRROR:-$(debian_mirror)}
    rootfs=$(mktemp -d /var/tmp/understudy-rootfs.XXXXXX)
    log "debootstrap --variant=minbase $DEBIAN_SUITE from $mirror"
    if ! debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$mirror" >"$rootfs.log" 2>&1; then
        tail -n 20 "$rootfs.log" >&2; rm -rf "$rootfs" "$rootfs.log"; return 1
    fi
    # apt inside the images uses the same mirror (plus security updates if the host has them)
    local security
    security=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | grep -v '^[[:space:]]*#' | grep -o '[a-z]*://[^ ]*-security' | head -n1 || true)
    if [[ -n $security ]]; then
        echo "deb $security $DEBIAN_SUITE-security main" >>"$rootfs/etc/apt/sources.list"
    fi
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | $ENGINE import --change "LABEL io.understudy.inputs=$hash" --change 'CMD ["bash"]' \
        - localhost/debian:$DEBIAN_SUITE >/dev/null
    rm -rf "$rootfs" "$rootfs.log"
}

build_java() {
    local hash
    hash=$(inputs_hash "$here/java" "$(present_hash localhost/debian:$DEBIAN_SUITE)")
    if ! up_to_date localhost/understudy-java:17 "$hash"; then
        $ENGINE build -q --label io.understudy.inputs="$hash" -t localhost/understudy-java:17 -f "$here/java/Containerfile" "$here/java" >/dev/null
    else
        log "understudy-java:17 up to date"
    fi
    tag_all localhost/understudy-java:17 docker.io/library/eclipse-temurin:17-jre
}

build_kafka() {
    local hash
    hash=$(inputs_hash "$here/kafka" "$(present_hash localhost/understudy-java:17)")
    if up_to_date docker.io/apache/kafka:$KAFKA_VERSION "$hash"; then log "apache/kafka:$KAFKA_VERSION up to date"; return; fi
    rm -rf "$here/kafka/target"
    mvn -B -q -f "$here/kafka/pom.xml" package </dev/null
    $ENGINE build -q --label io.understudy.inputs="$hash" -t docker.io/apache/kafka:$KAFKA_VERSION \
        -f "$here/kafka/Containerfile" "$here/kafka" >/dev/null
}

build_apicurio() {
    local hash
    hash=$(inputs_hash "$here/apicurio" "$APICURIO_VERSION" "$(present_hash localhost/understudy-java:17)")
    if up_to_date docker.io/apicurio/apicurio-registry:$APICURIO_VERSION "$hash"; then
        log "apicurio/apicurio-registry:$APICURIO_VERSION up to date"; return
    fi
    local target=$here/apicurio/target
    rm -rf "$target" && mkdir -p "$target/app"
    # dependency:get 2.8, as local-stack does: later versions read the artifact's POM, whose parent is not on Central
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:2.8:get \
        -Dartifact=io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all -Dtransitive=false \
        -Ddest="$target/registry.tar.gz" </dev/null
    tar -C "$target/app" -xzf "$target/registry.tar.gz"
    rm "$target/registry.tar.gz"
    $ENGINE build -q --label io.understudy.inputs="$hash" -t docker.io/apicurio/apicurio-registry:$APICURIO_VERSION \
        -f "$here/apicurio/Containerfile" "$here/apicurio" >/dev/null
}

build_understudy() {
    local jar=$root/cli/target/understudy.jar
    if [[ ! -f $jar ]]; then
        log "cli/target/understudy.jar absent: mvn -B -q -DskipTests package -pl cli -am"
        (cd "$root" && mvn -B -q -DskipTests package -pl cli -am </dev/null)
    fi
    local hash
    hash=$(inputs_hash "" "$(sha256sum <"$jar")" "$(sha256sum <"$root/compose/Dockerfile")" \
        "$(present_hash localhost/understudy-java:17)")
    if up_to_date docker.io/library/understudy:$UNDERSTUDY_VERSION "$hash"; then log "understudy:$UNDERSTUDY_VERSION up to date"; return; fi
    # only what the Dockerfile copies goes into the build context
    local context
    context=$(mktemp -d /var/tmp/understudy-context.XXXXXX)
    mkdir -p "$context/cli/target" "$context/compose"
    cp "$jar" "$context/cli/target/understudy.jar"
    cp "$root/compose/Dockerfile" "$context/compose/Dockerfile"
    $ENGINE build -q --label io.understudy.inputs="$hash" -t docker.io/library/understudy:$UNDERSTUDY_VERSION \
        -f "$context/compose/Dockerfile" "$context" >/dev/null
    rm -rf "$context"
}

start=$SECONDS
for image in debian java kafka apicurio understudy; do
    [[ " ${wanted[*]} " == *" $image "* ]] || continue
    timed "$image" "build_$image"
done
log "images ready in $(( SECONDS - start )) s:"
$ENGINE images --format '{{.Repository}}:{{.Tag}} {{.Size}}' 2>/dev/null \
    | grep -E 'debian:|understudy-java|eclipse-temurin|apache/kafka|apicurio-registry|understudy:' | sed 's/^/[images]   /' >&2 || true
