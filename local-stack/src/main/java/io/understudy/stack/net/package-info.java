/**
 * Ports on the loopback interface: everything the local stack runs listens on 127.0.0.1 only.
 * {@link io.understudy.stack.net.LoopbackPorts} picks free ports and checks that a requested one
 * is free, so a taken port fails with {@link io.understudy.stack.net.PortInUseException} (a clear
 * message) instead of a bind error deep inside Kafka or Quarkus.
 */
package io.understudy.stack.net;
