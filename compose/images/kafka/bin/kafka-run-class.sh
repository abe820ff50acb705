#!/bin/sh
# Runs a class of the Kafka jars in /opt/kafka/libs: kafka-run-class.sh <class> [args...].
# Honours the variables of the official script: KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS,
# KAFKA_GC_LOG_OPTS, KAFKA_JMX_OPTS, KAFKA_LOG4J_OPTS, KAFKA_OPTS. The defaults suit short-lived
# tools (health checks run one every few seconds): a small heap, the serial GC, the C1 compiler;
# kafka-server-start.sh sets the broker's own.
base_dir=/opt/kafka
if [ $# -lt 1 ]; then
    echo "usage: $0 classname [args...]" >&2
    exit 1
fi
: "${KAFKA_HEAP_OPTS:=-Xmx256m}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=$base_dir/config/tools-log4j2.yaml}"
# shellcheck disable=SC2086 # the *_OPTS are lists of options
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS ${KAFKA_GC_LOG_OPTS:-} ${KAFKA_JMX_OPTS:-} $KAFKA_LOG4J_OPTS \
    -cp "$base_dir/libs/*" ${KAFKA_OPTS:-} "$@"
