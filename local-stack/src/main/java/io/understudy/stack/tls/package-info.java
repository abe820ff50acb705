/**
 * Certificates for tests and local TLS set-ups, made with the JDK alone (no keytool process, no
 * network): a throw-away certificate authority that issues server and client certificates into
 * PKCS12 key stores, and the trust store that trusts it.
 */
package io.understudy.stack.tls;
