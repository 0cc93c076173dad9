package io.leadjobs.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainsTest {

    @ParameterizedTest
    @CsvSource({"https://www.Acme.com/about?x=1,acme.com", "acme.com,acme.com", "http://shop.acme.io:8080,shop.acme.io",
            "www.acme.co.uk.,acme.co.uk", "//cdn.acme.com/x,cdn.acme.com"})
    void hostOfAWebsite(String website, String host) {
        assertThat(Domains.hostOf(website)).contains(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "acme", "http://", "acme .com", "-acme.com", "acme.c", "acme.123", "a..b.com"})
    void noHostInNonsense(String website) {
        assertThat(Domains.hostOf(website)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({"acme.com,acme.com", "mail.acme.com,acme.com", "eu.mail.acme.co.uk,acme.co.uk", "acme.com.au,acme.com.au",
            "x.y.github.io,y.github.io",
            // suffixes of the Public Suffix List beyond the common two-level ones
            "www.acme.gob.es,acme.gob.es", "shop.acme.myshopify.com,acme.myshopify.com", "files.acme.s3.amazonaws.com,acme.s3.amazonaws.com",
            "mail.acme.kawasaki.jp,mail.acme.kawasaki.jp", "www.acme.nom.za,acme.nom.za",
            // a public suffix itself, and a name under none, stay as they are
            "co.uk,co.uk", "github.io,github.io", "intranet.acme.internal,intranet.acme.internal"})
    void registrableDomain(String host, String registrable) {
        assertThat(Domains.registrableDomain(host)).isEqualTo(registrable);
    }

    @ParameterizedTest
    @CsvSource({"jane@acme.com,jane,acme.com", "J.Doe+x@ACME.org,J.Doe+x,acme.org", "o'neil@acme.ie,o'neil,acme.ie"})
    void validEmails(String text, String local, String domain) {
        assertThat(EmailAddress.parse(text)).contains(new EmailAddress(local, domain));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jane", "jane@", "@acme.com", "jane@acme", ".jane@acme.com", "jane.@acme.com",
            "ja..ne@acme.com", "ja ne@acme.com", "jane@acme..com", "jane@-acme.com"})
    void invalidEmails(String text) {
        assertThat(EmailAddress.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"intranet", "localhost", "mail.acme.com", "a-b.c0", "xn--bcher-kva.de", "acme.123"})
    void hostNamesOfAnyNumberOfLabels(String name) {
        assertThat(Domains.isValidHostName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", ".acme.com", "acme.com.", "-acme.com", "acme-.com", "Acme.com", "ac_me.com",
            "acme .com", "b\u00fccher.de"})
    void notHostNames(String name) {
        assertThat(Domains.isValidHostName(name)).isFalse();
    }

    @Test
    void aHostNameHasLabelsOfAtMost63AndAtMost253Characters() {
        assertThat(Domains.isValidHostName("a".repeat(63) + ".com")).isTrue();
        assertThat(Domains.isValidHostName("a".repeat(64) + ".com")).isFalse();
        String name253 = ("a".repeat(62) + ".").repeat(4) + "a";
        assertThat(Domains.isValidHostName(name253)).isTrue();
        assertThat(Domains.isValidHostName(name253 + "a")).isFalse();
        // a domain is a host name of two labels or more whose last is a top-level name
        assertThat(Domains.isValidDomain("intranet")).isFalse();
        assertThat(Domains.isValidDomain("acme.123")).isFalse();
        assertThat(Domains.isValidDomain("acme.com")).isTrue();
    }
}
