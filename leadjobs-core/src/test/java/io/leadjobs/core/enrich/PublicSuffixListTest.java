package io.leadjobs.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Public Suffix List algorithm on the shipped list, with cases written from the list's published rules
 * (plain two-level rules, wildcards, exceptions, IDN in Unicode and Punycode), and the parser's handling of
 * a list of its own.
 */
class PublicSuffixListTest {
    private final PublicSuffixList shipped = PublicSuffixList.shipped();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // a TLD with one rule: biz
            "domain.biz,domain.biz", "b.domain.biz,domain.biz", "a.b.domain.biz,domain.biz",
            // two-level rules: com, uk.com, co.uk
            "example.com,example.com", "a.b.example.com,example.com", "example.uk.com,example.uk.com",
            "b.example.uk.com,example.uk.com", "acme.co.uk,acme.co.uk", "eu.mail.acme.co.uk,acme.co.uk", "test.ac,test.ac",
            // mixed case is read in lower case
            "WWW.Example.COM,example.com",
            // a TLD with only a wildcard rule: *.mm
            "b.c.mm,b.c.mm", "a.b.c.mm,b.c.mm",
            // Japan: kyoto.jp, ide.kyoto.jp, *.kobe.jp with !city.kobe.jp
            "test.jp,test.jp", "www.test.jp,test.jp", "test.ac.jp,test.ac.jp", "test.kyoto.jp,test.kyoto.jp",
            "b.ide.kyoto.jp,b.ide.kyoto.jp", "a.b.ide.kyoto.jp,b.ide.kyoto.jp", "b.c.kobe.jp,b.c.kobe.jp",
            "a.b.c.kobe.jp,b.c.kobe.jp", "city.kobe.jp,city.kobe.jp", "www.city.kobe.jp,city.kobe.jp",
            // a wildcard with an exception: *.ck, !www.ck
            "b.test.ck,b.test.ck", "a.b.test.ck,b.test.ck", "www.ck,www.ck", "www.www.ck,www.ck",
            // US K12: us, ak.us, k12.ak.us
            "test.us,test.us", "www.test.us,test.us", "test.ak.us,test.ak.us", "www.test.k12.ak.us,test.k12.ak.us",
            // the private section: github.io
            "x.y.github.io,y.github.io",
            // IDN: rules written in Unicode (公司.cn, 中国) match Unicode and Punycode names alike
            "食狮.com.cn,食狮.com.cn", "www.食狮.公司.cn,食狮.公司.cn", "shishi.公司.cn,shishi.公司.cn",
            "www.食狮.中国,食狮.中国", "shishi.中国,shishi.中国",
            "xn--85x722f.com.cn,xn--85x722f.com.cn", "www.xn--85x722f.xn--55qx5d.cn,xn--85x722f.xn--55qx5d.cn",
            "shishi.xn--55qx5d.cn,shishi.xn--55qx5d.cn", "www.xn--85x722f.xn--fiqs8s,xn--85x722f.xn--fiqs8s",
            // no listed rule: the implicit * rule makes the top-level label the public suffix
            "example.example,example.example", "b.example.example,example.example", "a.b.example.example,example.example"})
    void registrableDomainFollowsTheListsRules(String host, String registrable) {
        assertThat(shipped.registrableDomain(host)).contains(registrable);
    }

    @Test
    void namesOfPlainAsciiAndNamesThatNeedIdnaGetTheSameAnswersAsTheirAsciiForm() {
        // letters, digits, hyphens and dots are read as they are; anything else goes through IDNA first
        String longest = "a".repeat(63);
        assertThat(shipped.registrableDomain(longest + ".Example.CO.uk")).contains("example.co.uk");
        assertThat(shipped.registrableDomain(longest + ".CO.uk")).contains(longest + ".co.uk");
        assertThat(shipped.registrableDomain("www." + longest + "a.example.com"))
                .as("a label of 64 characters is not a domain name").isEmpty();
        assertThat(shipped.registrableDomain("_dmarc.mail-1.example.com")).contains("example.com");
        assertThat(shipped.registrableDomain("Shop.Büro.DE")).contains("büro.de");
        assertThat(shipped.registrableDomain("shop.xn--bro-hoa.de")).contains("xn--bro-hoa.de");
        assertThat(shipped.publicSuffix("A.B.C.KOBE.JP")).contains("c.kobe.jp");
        assertThat(shipped.hasListedSuffix("x.CO.UK")).isTrue();
        assertThat(shipped.hasListedSuffix("x.example")).isFalse();
    }

    @ParameterizedTest(name = "{0} is a public suffix")
    @ValueSource(strings = {"biz", "com", "uk.com", "co.uk", "mm", "c.mm", "jp", "ac.jp", "kyoto.jp", "ide.kyoto.jp",
            "c.kobe.jp", "ck", "test.ck", "us", "ak.us", "k12.ak.us", "github.io", "公司.cn", "xn--55qx5d.cn", "中国",
            "xn--fiqs8s", "example"})
    void aPublicSuffixHasNoRegistrableDomain(String host) {
        assertThat(shipped.registrableDomain(host)).isEmpty();
        assertThat(shipped.publicSuffix(host)).contains(host);
    }

    @ParameterizedTest(name = "{0} has public suffix {1}")
    @CsvSource({"a.b.c.mm,c.mm", "www.ck,ck", "a.www.ck,ck", "b.test.ck,test.ck", "www.city.kobe.jp,kobe.jp",
            "mail.acme.kawasaki.jp,acme.kawasaki.jp", "shop.acme.myshopify.com,myshopify.com", "b.example.example,example",
            "www.食狮.公司.cn,公司.cn"})
    void publicSuffixIsThePrevailingRule(String host, String suffix) {
        assertThat(shipped.publicSuffix(host)).contains(suffix);
    }

    @ParameterizedTest(name = "\"{0}\" is not a domain name")
    @ValueSource(strings = {".com", "example.com.", "a..example.com", ".example.com"})
    void namesWithEmptyLabelsHaveNoAnswer(String host) {
        assertThat(shipped.registrableDomain(host)).isEmpty();
        assertThat(shipped.publicSuffix(host)).isEmpty();
        assertThat(shipped.hasListedSuffix(host)).isFalse();
    }

    @Test
    void onlyListedRulesCountAsListed() {
        assertThat(shipped.hasListedSuffix("acme.co.uk")).isTrue();
        assertThat(shipped.hasListedSuffix("b.test.ck")).isTrue();
        assertThat(shipped.hasListedSuffix("intranet.acme.internal")).isFalse();
        assertThat(shipped.hasListedSuffix("example.example")).isFalse();
    }

    @Test
    void theShippedListHasBothSections() {
        // ICANN: a ccTLD second level; private: a hosting suffix
        assertThat(shipped.publicSuffix("acme.gob.es")).contains("gob.es");
        assertThat(shipped.publicSuffix("acme.s3.amazonaws.com")).contains("s3.amazonaws.com");
    }

    @Test
    void aListOfItsOwnIsReadRuleByRule() throws IOException {
        PublicSuffixList list = PublicSuffixList.parse(new StringReader("""
                // comment lines and blank lines are skipped

                test
                *.wild.test   only the first word is the rule
                !keep.wild.test
                Mixed.TEST
                """), "own list");

        assertThat(list.publicSuffix("a.b.test")).contains("test");
        assertThat(list.publicSuffix("a.b.wild.test")).contains("b.wild.test");
        assertThat(list.registrableDomain("x.keep.wild.test")).contains("keep.wild.test");
        assertThat(list.registrableDomain("x.acme.mixed.test")).contains("acme.mixed.test");
        assertThat(list.hasListedSuffix("acme.other")).isFalse();
    }

    @Test
    void aRuleThatIsNotADomainNameIsRefusedWithItsLine() {
        assertThatThrownBy(() -> PublicSuffixList.parse(new StringReader("com\n\nfoo..bar\n"), "broken.dat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("broken.dat line 3: the rule \"foo..bar\" is not a domain name");
        assertThatThrownBy(() -> PublicSuffixList.parse(new StringReader("com\na.*.com\n"), "broken.dat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broken.dat line 2: the rule \"a.*.com\" has a wildcard");
    }
}
