package io.understudy.functions.router;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatPoolTest {

    final NatPool pool = new NatPool(Ipv4Prefix.parse("192.0.2.0/28"), 1024, 65535);

    @Test
    void theBindingIsAPureFunctionOfTupleAndPool() {
        FiveTuple tuple = RouterFixtures.tcp("10.9.8.7", 40000, "10.1.2.3", 443);
        NatPool samePool = new NatPool(Ipv4Prefix.parse("192.0.2.0/28"), 1024, 65535);
        assertEquals(pool.bindingFor(tuple), samePool.bindingFor(tuple));
        // Pinned, and cross-checked with an independent (Python) implementation of the hash documented in NatPool:
        // the binding is part of the behaviour every version "1" router must agree on.
        assertEquals("192.0.2.7:21845", pool.bindingFor(tuple).toString());
    }

    @Test
    void bindingsStayInThePoolAndCollideOnlyAsOftenAsChanceSays() {
        Set<NatBinding> bindings = new HashSet<>();
        Set<Integer> addresses = new HashSet<>();
        int flows = 0;
        for (int host = 1; host <= 20; host++) {
            for (int port = 40000; port < 41000; port++) {
                flows++;
                NatBinding binding = pool.bindingFor(RouterFixtures.tcp("10.0.0." + host, port, "10.1.2.3", 443));
                assertTrue(pool.addresses().contains(binding.address()), binding.toString());
                assertTrue(binding.port() >= 1024 && binding.port() <= 65535, binding.toString());
                bindings.add(binding);
                addresses.add(binding.address());
            }
        }
        assertEquals(16, addresses.size(), "every address of the /28 is used");
        // Birthday bound: 20000 flows in 16 x 64512 slots collide about n^2 / 2m = 194 times if the hash is uniform.
        int collisions = flows - bindings.size();
        assertTrue(collisions >= 130 && collisions <= 260, "collisions: " + collisions);
    }

    @Test
    void aSingleSlotPoolGivesEveryFlowTheSameBinding() {
        NatPool single = new NatPool(Ipv4Prefix.parse("198.51.100.7/32"), 5000, 5000);
        assertEquals("198.51.100.7:5000", single.bindingFor(RouterFixtures.udp("10.0.0.1", 1, "10.0.0.2", 2)).toString());
        assertEquals(1, single.slots());
    }

    @Test
    void aBadPortRangeIsRefused() {
        assertEquals("port range 0-10 is not within 1-65535, low-high", assertThrows(IllegalArgumentException.class,
                () -> new NatPool(Ipv4Prefix.parse("192.0.2.0/28"), 0, 10)).getMessage());
        assertEquals("port range 20-10 is not within 1-65535, low-high", assertThrows(IllegalArgumentException.class,
                () -> new NatPool(Ipv4Prefix.parse("192.0.2.0/28"), 20, 10)).getMessage());
    }
}
