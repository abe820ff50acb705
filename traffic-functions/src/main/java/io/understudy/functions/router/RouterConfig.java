package io.understudy.functions.router;

import io.understudy.api.FunctionConfig;
import io.understudy.functions.settings.Setting;
import io.understudy.functions.settings.SettingGroup;

import java.nio.file.Path;
import java.util.List;

/**
 * The router's static configuration, and the settings it is read from.
 *
 * @param table         the routing table
 * @param natPool       the addresses and ports flows are translated to
 * @param idleTimeoutMs how long (record time) a flow may be idle before its next packet finds it expired
 */
public record RouterConfig(RoutingTable table, NatPool natPool, long idleTimeoutMs) {

    public static final Setting TABLE = Setting.required("function.router.table",
            "path of the routing table file: one 'PREFIX NEXT-HOP' per line (e.g. '10.0.0.0/8 hop-a', "
                    + "'default hop-z'), '#' starts a comment; its content fingerprint is part of the static config");
    public static final Setting NAT_POOL = Setting.optional("function.router.nat-pool", "192.0.2.0/28",
            "IPv4 prefix whose addresses flows are source-translated to");
    public static final Setting NAT_PORTS = Setting.optional("function.router.nat-ports", "1024-65535",
            "port range low-high of the NAT pool");
    public static final Setting IDLE_TIMEOUT_MS = Setting.optional("function.router.idle-timeout-ms", "300000",
            "a flow idle for longer than this (by record timestamps, never the wall clock) is expired on its next packet");

    public static final SettingGroup SETTINGS = new SettingGroup("function.router.",
            List.of(TABLE, NAT_POOL, NAT_PORTS, IDLE_TIMEOUT_MS));

    /**
     * Reads and checks the settings, loading the routing table file.
     *
     * @throws IllegalArgumentException naming the setting (or table file:line) and what is wrong
     */
    public static RouterConfig from(FunctionConfig config) {
        SETTINGS.rejectUnknownKeys(config);
        RoutingTable table = RoutingTable.load(Path.of(TABLE.valueIn(config)));

        String poolText = NAT_POOL.valueIn(config);
        Ipv4Prefix poolPrefix;
        try {
            poolPrefix = Ipv4Prefix.parse(poolText);
        } catch (IllegalArgumentException e) {
            throw NAT_POOL.invalid(poolText, e.getMessage());
        }
        String portsText = NAT_PORTS.valueIn(config);
        NatPool pool;
        try {
            int[] ports = NatPool.parsePortRange(portsText);
            pool = new NatPool(poolPrefix, ports[0], ports[1]);
        } catch (IllegalArgumentException e) {
            throw NAT_PORTS.invalid(portsText, e.getMessage());
        }
        return new RouterConfig(table, pool, IDLE_TIMEOUT_MS.positiveLongIn(config));
    }
}
