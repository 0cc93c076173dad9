package io.leadjobs.core.osint;

import io.leadjobs.core.Enrichment.Signal;
import java.util.List;

/**
 * The signals that the network enrichers record. A signal is absent when its enricher did not learn it
 * (switched off, lead without a domain, network unavailable): rules must read absence as "unknown", never
 * as "no". {@link #DNS_STATUS} and {@link #WEBSITE_ERROR} say why a lead has fewer signals than usual.
 */
public final class OsintSignals {

    /** How the DNS lookup went: {@code ok}, {@code no_domain} (NXDOMAIN), {@code failed}, {@code unavailable}. */
    public static final Signal<String> DNS_STATUS = Signal.of("dns_status", String.class);
    /** The email domain publishes at least one usable MX record (a null MX, RFC 7505, does not count). */
    public static final Signal<Boolean> HAS_MX = Signal.of("has_mx", Boolean.class);
    /** The MX hosts, most preferred first, lower-case, without the trailing dot (at most five). */
    @SuppressWarnings("unchecked")
    public static final Signal<List<String>> MX_HOSTS =
            Signal.of("mx_hosts", (Class<List<String>>) (Class<?>) List.class);
    /** Who receives the domain's mail, recognised from the MX hosts ({@code google_workspace}, ..., {@code self_hosted}, {@code other}). */
    public static final Signal<String> MAIL_PROVIDER = Signal.of("mail_provider", String.class);
    /** The domain has an A or AAAA record. */
    public static final Signal<Boolean> DOMAIN_RESOLVES = Signal.of("domain_resolves", Boolean.class);
    /** The domain publishes an SPF policy ({@code v=spf1} TXT record). */
    public static final Signal<Boolean> HAS_SPF = Signal.of("has_spf", Boolean.class);
    /** The domain publishes a DMARC policy ({@code v=DMARC1} TXT record at {@code _dmarc.<domain>}). */
    public static final Signal<Boolean> HAS_DMARC = Signal.of("has_dmarc", Boolean.class);
    /** The DMARC policy's {@code p=} value ({@code none}, {@code quarantine}, {@code reject}), when there is one. */
    public static final Signal<String> DMARC_POLICY = Signal.of("dmarc_policy", String.class);

    /**
     * The website is live: after the allowed redirects it answered with a success status (2xx), or with one
     * that shows a live site refusing this visitor (401, 403, 429). False after an error or another status.
     */
    public static final Signal<Boolean> WEBSITE_REACHABLE = Signal.of("website_reachable", Boolean.class);
    /** The HTTP status of the last response. */
    public static final Signal<Integer> WEBSITE_HTTP_STATUS = Signal.of("website_http_status", Integer.class);
    /** The URL of the last response, after redirects. */
    public static final Signal<String> WEBSITE_FINAL_URL = Signal.of("website_final_url", String.class);
    /** The last response came over HTTPS. */
    public static final Signal<Boolean> WEBSITE_HTTPS = Signal.of("website_https", Boolean.class);
    /** The page's {@code <title>}, entities decoded, whitespace collapsed (at most 300 characters). */
    public static final Signal<String> WEBSITE_TITLE = Signal.of("website_title", String.class);
    /** The page's meta description (or {@code og:description}), entities decoded (at most 300 characters). */
    public static final Signal<String> WEBSITE_DESCRIPTION = Signal.of("website_description", String.class);
    /**
     * The site is a parked or for-sale page (a domain marketplace's or parking service's page, or a page
     * that offers the domain for sale), recognised on the final page or from a redirect to such a service.
     * Absent when no HTML page was read.
     */
    public static final Signal<Boolean> WEBSITE_PARKED = Signal.of("website_parked", Boolean.class);
    /**
     * Links on the home page to the company's profiles on LinkedIn, X (Twitter) and GitHub, as absolute
     * {@code https} URLs without query or fragment, in page order, at most ten. Absent when none was found.
     */
    @SuppressWarnings("unchecked")
    public static final Signal<List<String>> SOCIAL_PROFILES =
            Signal.of("social_profiles", (Class<List<String>>) (Class<?>) List.class);
    /** When the lead's company domain was registered, from its registry over RDAP (an ISO-8601 instant, UTC). */
    public static final Signal<String> DOMAIN_REGISTERED_AT = Signal.of("domain_registered_at", String.class);
    /** Whole days since {@link #DOMAIN_REGISTERED_AT}, measured when the lead was enriched. */
    public static final Signal<Integer> DOMAIN_AGE_DAYS = Signal.of("domain_age_days", Integer.class);
    /**
     * What the email domain's best MX said about the address: {@code deliverable}, {@code undeliverable} (a 5xx
     * reply to it, see {@link #SMTP_REPLY_CODE}), {@code catch_all} (the domain accepts any address, so this
     * one cannot be confirmed), {@code mailbox_full}, {@code disabled} (the reply says the mailbox is
     * disabled), {@code unknown} (timeouts, greylisting and other 4xx replies, a blocked port 25), or
     * {@code not_checked} when SMTP verification is switched off.
     */
    public static final Signal<String> SMTP_VERDICT = Signal.of("smtp_verdict", String.class);
    /** The domain's mail server accepted a random address too (a catch-all domain). */
    public static final Signal<Boolean> SMTP_CATCH_ALL = Signal.of("smtp_catch_all", Boolean.class);
    /** The reply code to {@code RCPT TO} the address (or to the step that ended the conversation). */
    public static final Signal<Integer> SMTP_REPLY_CODE = Signal.of("smtp_reply_code", Integer.class);
    /**
     * Why {@link #SMTP_VERDICT} is {@code unknown} or {@code not_checked}, in a sentence a salesperson can read
     * ("The mail server asked to try again later (code 451), ..."). Absent for the other verdicts, whose score
     * reasons say what the server answered.
     */
    public static final Signal<String> SMTP_DETAIL = Signal.of("smtp_detail", String.class);
    /**
     * Why the probe got no usable page: {@code blocked_address}, {@code blocked_scheme}, {@code unresolvable},
     * {@code connect_failed}, {@code tls_failed}, {@code timeout}, {@code too_many_redirects},
     * {@code bad_redirect}, {@code protocol_error}, {@code invalid_url}, {@code unavailable}.
     */
    public static final Signal<String> WEBSITE_ERROR = Signal.of("website_error", String.class);

    private OsintSignals() {
    }
}
