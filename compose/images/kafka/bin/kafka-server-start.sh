#!/bin/sh
# Starts the broker: kafka-server-start.sh <server.properties> [--override key=value ...].
# The defaults of the official script: a 1 GB heap and G1.
if [ $# -lt 1 ]; then
    echo "usage: $0 server.properties [--override property=value]*" >&2
    exit 1
fi
: "${KAFKA_HEAP_OPTS:=-Xmx1G -Xms1G}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml}"
export KAFKA_HEAP_OPTS KAFKA_JVM_PERFORMANCE_OPTS KAFKA_LOG4J_OPTS
exec /opt/kafka/bin/kafka-run-class.sh kafka.Kafka "$@"
