package io.leadjobs.core.osint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Resolves a host name to the addresses the probe may connect to (after the guard has checked them). */
interface HostResolver {

    /**
     * @throws UnknownHostException when the name has no address
     * @throws NetworkUnavailableException when the resolver did not answer
     */
    List<InetAddress> resolve(String host) throws UnknownHostException, NetworkUnavailableException, InterruptedException;

    /** Whether an {@link UnknownHostException} may be the network's fault (the system resolver cannot tell). */
    boolean unknownHostMayBeNetwork();

    /** The JVM's resolver (system configuration, hosts file, the JVM's address cache). */
    static HostResolver system() {
        return new HostResolver() {
            @Override
            public List<InetAddress> resolve(String host) throws UnknownHostException {
                return List.of(InetAddress.getAllByName(host));
            }

            @Override
            public boolean unknownHostMayBeNetwork() {
                return true;
            }
        };
    }

    /**
     * A/AAAA questions to one DNS server, IPv4 first. A "no such domain" counts only when the canary trusts
     * the server; otherwise the lookup is reported as the network's failure.
     */
    static HostResolver dns(DnsClient client, ResolverCanary canary) {
        return new HostResolver() {
            @Override
            public List<InetAddress> resolve(String host)
                    throws UnknownHostException, NetworkUnavailableException, InterruptedException {
                java.util.Optional<String> denied = canary.knownDistrust();
                if (denied.isPresent()) {
                    throw new NetworkUnavailableException(denied.get(), null);
                }
                Name name;
                try {
                    name = Name.fromString(host.endsWith(".") ? host : host + ".");
                } catch (TextParseException e) {
                    throw new UnknownHostException(host);
                }
                List<DnsClient.Answer> answers = client.ask(host,
                        List.of(new DnsClient.Question(name, Type.A), new DnsClient.Question(name, Type.AAAA)));
                List<InetAddress> out = new ArrayList<>();
                for (DnsClient.Answer answer : answers) {
                    for (Record r : answer.records()) {
                        if (r instanceof ARecord a) {
                            out.add(a.getAddress());
                        } else if (r instanceof AAAARecord a) {
                            out.add(a.getAddress());
                        }
                    }
                }
                if (out.isEmpty()) {
                    if (answers.stream().anyMatch(a -> a.rcode() == org.xbill.DNS.Rcode.NXDOMAIN)) {
                        java.util.Optional<String> distrust = canary.distrust();
                        if (distrust.isPresent()) {
                            throw new NetworkUnavailableException(distrust.get(), null);
                        }
                    }
                    throw new UnknownHostException(host);
                }
                return out;
            }

            @Override
            public boolean unknownHostMayBeNetwork() {
                return false;
            }
        };
    }
}
