package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SiteTargetTest {

    @Test
    void aBareNameIsTriedOverHttpsThenHttpAtItsRoot() {
        SiteTarget target = SiteTarget.parse(" WWW.Acme.com/about ").orElseThrow();
        assertThat(target.key()).isEqualTo("www.acme.com");
        assertThat(target.host()).isEqualTo("www.acme.com");
        assertThat(target.candidates()).containsExactly(URI.create("https://www.acme.com/"), URI.create("http://www.acme.com/"));
    }

    @Test
    void aSchemeWithAPortPinsBoth() {
        SiteTarget target = SiteTarget.parse("https://shop.acme.com:8443/cart").orElseThrow();
        assertThat(target.key()).isEqualTo("https://shop.acme.com:8443");
        assertThat(target.candidates()).containsExactly(URI.create("https://shop.acme.com:8443/"));
    }

    @Test
    void aPortWithoutASchemeKeepsBothSchemes() {
        assertThat(SiteTarget.parse("intranet:8080").orElseThrow().candidates())
                .containsExactly(URI.create("https://intranet:8080/"), URI.create("http://intranet:8080/"));
        assertThat(SiteTarget.parse("http://[::1]:8080").orElseThrow().candidates())
                .containsExactly(URI.create("http://[::1]:8080/"));
    }

    @Test
    void whatIsNotAWebSiteIsRefused() {
        for (String website : List.of("", "  ", "ftp://acme.com", "mailto:info@acme.com", "http://user@acme.com/",
                "acme .com", "http://", "-acme.com", "acme..com")) {
            assertThat(SiteTarget.parse(website)).as(website).isEmpty();
        }
    }

    /** Every site that parses has root URLs: they are built later, when a probe needs them. */
    @Test
    void everySiteThatParsesHasRootUrls() {
        String alphabet = "acmeXZ09-._:/[]@ é8";
        Random random = new Random(7);
        int parsed = 0;
        for (int n = 0; n < 100_000; n++) {
            StringBuilder website = new StringBuilder(random.nextBoolean() ? "https://" : "");
            int length = 1 + random.nextInt(24);
            for (int i = 0; i < length; i++) {
                website.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            var target = SiteTarget.parse(website.toString());
            if (target.isPresent()) {
                parsed++;
                assertThatCode(target.get()::candidates).as(website.toString()).doesNotThrowAnyException();
                assertThat(target.get().candidates()).allSatisfy(uri -> assertThat(uri.getPath()).isEqualTo("/"));
            }
        }
        assertThat(parsed).as("sites that parsed").isGreaterThan(1_000);
    }
}
