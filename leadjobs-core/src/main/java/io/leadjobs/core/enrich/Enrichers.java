package io.leadjobs.core.enrich;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.LeadEnricher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The offline enrichers shipped in core, none of which touches the network. {@link #defaults()} runs them
 * in an order where each sees what it needs: email syntax, free-mail, disposable domain, role account,
 * company domain, title, phone, email typo.
 */
public final class Enrichers {

    /** Well-known free-mail domains (consumer webmail). */
    public static final Set<String> FREE_MAIL_PROVIDERS = Set.of(
            "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "yahoo.it",
            "yahoo.co.jp", "yahoo.com.br", "yahoo.co.in", "ymail.com", "rocketmail.com", "hotmail.com", "hotmail.co.uk",
            "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es", "outlook.com", "outlook.fr", "outlook.de", "live.com",
            "live.co.uk", "live.fr", "live.de", "msn.com", "passport.com", "aol.com", "aim.com", "icloud.com", "me.com", "mac.com",
            "protonmail.com", "protonmail.ch", "proton.me", "pm.me", "tutanota.com", "tutanota.de", "tuta.io",
            "gmx.com", "gmx.net", "gmx.de", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de", "posteo.de",
            "mail.com", "email.com", "usa.com", "zoho.com", "zohomail.com", "yandex.com", "yandex.ru", "ya.ru",
            "mail.ru", "inbox.ru", "list.ru", "bk.ru", "rambler.ru", "qq.com", "163.com", "126.com", "sina.com",
            "sohu.com", "yeah.net", "naver.com", "daum.net", "hanmail.net", "rediffmail.com", "orange.fr", "wanadoo.fr",
            "free.fr", "laposte.net", "sfr.fr", "libero.it", "virgilio.it", "tiscali.it", "alice.it", "btinternet.com",
            "sky.com", "virginmedia.com", "ntlworld.com", "talktalk.net", "comcast.net", "verizon.net", "att.net",
            "sbcglobal.net", "bellsouth.net", "cox.net", "charter.net", "earthlink.net", "juno.com", "optonline.net",
            "shaw.ca", "rogers.com", "sympatico.ca", "bigpond.com", "optusnet.com.au", "xtra.co.nz", "seznam.cz",
            "wp.pl", "o2.pl", "onet.pl", "interia.pl", "bol.com.br", "uol.com.br", "terra.com.br", "hushmail.com",
            "fastmail.com", "fastmail.fm", "mailbox.org", "hey.com", "skiff.com");

    /** Mailboxes that name a function rather than a person. */
    public static final Set<String> ROLE_MAILBOXES = Set.of(
            "info", "information", "sales", "support", "admin", "administrator", "contact", "contactus", "hello", "hi",
            "office", "marketing", "billing", "accounts", "accounting", "hr", "jobs", "careers", "recruiting", "team",
            "help", "helpdesk", "noreply", "no-reply", "donotreply", "do-not-reply", "webmaster", "postmaster",
            "hostmaster", "abuse", "enquiries", "enquiry", "inquiries", "inquiry", "press", "media", "pr", "service",
            "services", "customerservice", "customercare", "feedback", "security", "privacy", "legal", "finance",
            "mail", "newsletter", "news", "orders", "order", "shop", "store", "booking", "bookings", "reservations",
            "reception", "general", "it", "tech", "dev", "ops", "partners", "partnerships", "events", "invoice",
            "invoices", "payments", "purchasing", "procurement", "compliance", "all", "everyone", "staff");

    private static final String DISPOSABLE_RESOURCE = "disposable-email-domains.txt";
    private static volatile Set<String> disposableDomains;

    private Enrichers() {
    }

    /** Every offline enricher, in dependency order. */
    public static List<LeadEnricher> defaults() {
        return List.of(emailSyntax(), freeMail(), disposableDomain(), roleAccount(), companyDomain(), title(), phone(),
                emailTypo());
    }

    /** {@code email_valid}, {@code email_domain}. */
    public static LeadEnricher emailSyntax() {
        return new EmailEnrichers.Syntax();
    }

    /** {@code free_email}, against {@link #FREE_MAIL_PROVIDERS}. Needs {@link #emailSyntax()} first. */
    public static LeadEnricher freeMail() {
        return freeMail(FREE_MAIL_PROVIDERS);
    }

    /** {@code free_email}, against the given lower-case domains. Needs {@link #emailSyntax()} first. */
    public static LeadEnricher freeMail(Set<String> providers) {
        return new EmailEnrichers.FreeMail(lowerCase(providers));
    }

    /**
     * {@code disposable_email}, against the shipped disposable-email-domains list (CC0; see
     * {@code disposable-email-domains.NOTICE.txt} beside it). Needs {@link #emailSyntax()} first.
     */
    public static LeadEnricher disposableDomain() {
        return new EmailEnrichers.Disposable(shippedDisposableDomains());
    }

    /** {@code disposable_email}, against the given lower-case domains. Needs {@link #emailSyntax()} first. */
    public static LeadEnricher disposableDomain(Set<String> domains) {
        return new EmailEnrichers.Disposable(lowerCase(domains));
    }

    /** {@code role_account}, against {@link #ROLE_MAILBOXES}. Needs {@link #emailSyntax()} first. */
    public static LeadEnricher roleAccount() {
        return new EmailEnrichers.RoleAccount(ROLE_MAILBOXES);
    }

    /** {@code company_domain}, {@code company_domain_source}, {@code email_matches_website}. Runs after the email enrichers. */
    public static LeadEnricher companyDomain() {
        return new EmailEnrichers.CompanyDomain();
    }

    /** {@code seniority}, {@code department} from the job title. */
    public static LeadEnricher title() {
        return new TitleEnricher();
    }

    /** {@code phone_valid}, {@code phone_e164}, {@code phone_country}, {@code phone_type} (libphonenumber). */
    public static LeadEnricher phone() {
        return new PhoneEnricher();
    }

    /**
     * {@code email_suggestion}: the address probably meant when its domain looks like a mistyped free-mail
     * domain ({@code gmial.com}) or top-level domain ({@code acme.con}). Needs {@link #emailSyntax()} first.
     */
    public static LeadEnricher emailTypo() {
        return new EmailTypo(FREE_MAIL_PROVIDERS);
    }

    /** The shipped disposable-mail domains, loaded once. */
    public static Set<String> shippedDisposableDomains() {
        Set<String> d = disposableDomains;
        if (d == null) {
            synchronized (Enrichers.class) {
                d = disposableDomains;
                if (d == null) {
                    d = load(DISPOSABLE_RESOURCE);
                    disposableDomains = d;
                }
            }
        }
        return d;
    }

    private static Set<String> load(String resource) {
        try (InputStream in = Enrichers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new LeadJobsException("The resource " + resource + " is missing from leadjobs-core.");
            }
            Set<String> out = new HashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String s = line.strip().toLowerCase(Locale.ROOT);
                if (!s.isEmpty() && !s.startsWith("#")) {
                    out.add(s);
                }
            }
            return Set.copyOf(out);
        } catch (IOException e) {
            throw new LeadJobsException("The resource " + resource + " could not be read: " + e.getMessage(), e);
        }
    }

    private static Set<String> lowerCase(Set<String> domains) {
        Set<String> out = new HashSet<>();
        for (String s : domains) {
            out.add(s.strip().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
