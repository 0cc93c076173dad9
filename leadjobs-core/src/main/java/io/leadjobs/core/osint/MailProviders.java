package io.leadjobs.core.osint;

import java.util.List;
import java.util.Locale;

/** Recognises who receives a domain's mail from its MX host names. */
final class MailProviders {

    private record Pattern(String suffix, String provider) {
    }

    // Suffixes match a whole label boundary: "google.com" matches "aspmx.l.google.com", not "notgoogle.com".
    private static final List<Pattern> PATTERNS = List.of(
            new Pattern("google.com", "google_workspace"),
            new Pattern("googlemail.com", "google_workspace"),
            new Pattern("mail.protection.outlook.com", "microsoft_365"),
            new Pattern("outlook.com", "microsoft_365"),
            new Pattern("hotmail.com", "microsoft_365"),
            new Pattern("zoho.com", "zoho"),
            new Pattern("zoho.eu", "zoho"),
            new Pattern("zoho.in", "zoho"),
            new Pattern("zoho.com.au", "zoho"),
            new Pattern("zohomail.com", "zoho"),
            new Pattern("protonmail.ch", "proton"),
            new Pattern("proton.me", "proton"),
            new Pattern("messagingengine.com", "fastmail"),
            new Pattern("yahoodns.net", "yahoo"),
            new Pattern("mail.icloud.com", "icloud"),
            new Pattern("mimecast.com", "mimecast"),
            new Pattern("mimecast.co.za", "mimecast"),
            new Pattern("pphosted.com", "proofpoint"),
            new Pattern("ppe-hosted.com", "proofpoint"),
            new Pattern("barracudanetworks.com", "barracuda"),
            new Pattern("awsapps.com", "amazon_workmail"),
            new Pattern("amazonaws.com", "amazon_ses"),
            new Pattern("secureserver.net", "godaddy"),
            new Pattern("emailsrvr.com", "rackspace"),
            new Pattern("mx.cloudflare.net", "cloudflare"),
            new Pattern("mailgun.org", "mailgun"),
            new Pattern("sendgrid.net", "sendgrid"),
            new Pattern("yandex.net", "yandex"),
            new Pattern("yandex.ru", "yandex"),
            new Pattern("mail.ru", "mail_ru"),
            new Pattern("ovh.net", "ovh"),
            new Pattern("ionos.com", "ionos"),
            new Pattern("ionos.de", "ionos"),
            new Pattern("kundenserver.de", "ionos"),
            new Pattern("gandi.net", "gandi"),
            new Pattern("hostinger.com", "hostinger"),
            new Pattern("qq.com", "tencent"));

    private MailProviders() {
    }

    /**
     * The provider of the first MX host (most preferred first) that a known provider runs;
     * {@code self_hosted} when the hosts sit under the domain itself; {@code other} otherwise.
     */
    static String recognise(String domain, List<String> mxHostsByPreference) {
        for (String host : mxHostsByPreference) {
            String h = host.toLowerCase(Locale.ROOT);
            for (Pattern p : PATTERNS) {
                if (h.equals(p.suffix()) || h.endsWith("." + p.suffix())) {
                    return p.provider();
                }
            }
        }
        for (String host : mxHostsByPreference) {
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return "self_hosted";
            }
        }
        return "other";
    }
}
