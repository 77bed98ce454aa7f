package dev.feedbackloop.trigger.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPolicyTest {

    final AddressPolicy strict = new AddressPolicy(false);
    final AddressPolicy loopbackAllowed = new AddressPolicy(true);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.5.6.7", "[::1]", "169.254.169.254", "10.0.0.1", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "0.0.0.0", "0.1.2.3", "100.64.0.1", "100.127.255.254", "198.18.0.1",
            "198.19.255.255", "192.0.2.1", "198.51.100.7", "203.0.113.9", "192.0.0.8", "224.0.0.1", "239.1.1.1",
            "255.255.255.255", "240.0.0.1", "[fd00:ec2::254]", "[fc00::1]", "[fdff::1]", "[fe80::1]", "[fec0::1]",
            "[ff02::1]", "[::]", "[::127.0.0.1]", "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "[::ffff:10.0.0.1]",
            "[64:ff9b::7f00:1]", "[64:ff9b:1::1]", "[2002:7f00:1::]", "[2002:a9fe:a9fe::1]", "[2001:db8::1]",
            "[2001::1]", "[100::1]", "[3fff::1]", "[2001:2::1]", "100.100.100.200",
            "localhost", "localhost.", "LOCALHOST", "api.localhost", "metadata.google.internal",
            "metadata.google.internal.", "metadata", "instance-data", "printer.local", "db.internal", "intranet",
            "2130706433", "127.1", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001"})
    void hostsThatCanOnlyBeLocalAreRefusedWithoutALookup(String host) {
        assertThat(strict.hostRefusal(host)).as(host).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ci.example.com", "hooks.example.com.", "93.184.216.34", "8.8.8.8", "[2606:4700::1111]",
            "100.63.255.255", "100.128.0.1", "172.32.0.1", "198.20.0.1", "1.1.1.1", "[2a00:1450:4001::200e]",
            "[::ffff:8.8.8.8]", "[2002:808:808::]"})
    void publicHostsPass(String host) {
        assertThat(strict.hostRefusal(host)).as(host).isEmpty();
    }

    @Test
    void allowLoopbackAdmitsLoopbackPrivateAndLocalNamesButNeverMetadataLinkLocalOrReserved() {
        for (String host : List.of("127.0.0.1", "[::1]", "10.1.2.3", "192.168.0.10", "[fc00::1]", "localhost",
                "receiver")) {
            assertThat(loopbackAllowed.hostRefusal(host)).as(host).isEmpty();
        }
        for (String host : List.of("169.254.169.254", "[fd00:ec2::254]", "metadata.google.internal", "[fe80::1]",
                "169.254.1.1", "224.0.0.1", "0.0.0.0", "198.18.0.1", "100.64.0.1", "[::ffff:169.254.169.254]")) {
            assertThat(loopbackAllowed.hostRefusal(host)).as(host).isPresent();
        }
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsNotPublic() throws Exception {
        HostResolver dns = host -> switch (host) {
            case "rebound.example.com" -> List.of(InetAddress.getByName("127.0.0.1"));
            case "mixed.example.com" -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5"));
            case "v6.example.com" -> List.of(InetAddress.getByName("fd00:ec2::254"));
            case "ok.example.com" -> List.of(InetAddress.getByName("93.184.216.34"));
            default -> throw new UnknownHostException(host);
        };
        VettingResolverGroup group = new VettingResolverGroup(dns, strict);
        assertThatThrownBy(() -> group.vetted("rebound.example.com"))
                .hasMessage("refused: rebound.example.com resolves to 127.0.0.1, which is a loopback address");
        assertThatThrownBy(() -> group.vetted("mixed.example.com")).hasMessageContaining("10.0.0.5");
        assertThatThrownBy(() -> group.vetted("v6.example.com")).hasMessageContaining("metadata");
        assertThat(group.vetted("ok.example.com")).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
        assertThat(new VettingResolverGroup(dns, loopbackAllowed).vetted("rebound.example.com")).hasSize(1);
    }
}
