package io.leadjobs.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.Lead;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnrichersTest {

    @Test
    void businessLeadGetsEverySignal() throws Exception {
        Lead lead = Lead.builder().email("Jane.Doe@Mail.Acme.co.uk").title("Chief Technology Officer")
                .website("https://www.acme.co.uk/contact").phone("020 7946 0018").country("United Kingdom").build();

        Map<String, Object> s = MapContext.enrich(lead);

        assertThat(s).containsExactly(
                Map.entry("email_valid", true),
                Map.entry("email_domain", "mail.acme.co.uk"),
                Map.entry("free_email", false),
                Map.entry("disposable_email", false),
                Map.entry("role_account", false),
                Map.entry("company_domain", "acme.co.uk"),
                Map.entry("company_domain_source", "email"),
                Map.entry("email_matches_website", true),
                Map.entry("seniority", "c_level"),
                Map.entry("department", "other"),
                Map.entry("phone_valid", true),
                Map.entry("phone_e164", "+442079460018"),
                Map.entry("phone_country", "GB"),
                Map.entry("phone_type", "fixed_line"));
    }

    @Test
    void freeMailLeadTakesItsCompanyDomainFromTheWebsite() throws Exception {
        Map<String, Object> s = MapContext.enrich(Lead.builder().email("bob.smith+leads@gmail.com")
                .website("initech.com").build());

        assertThat(s).containsEntry("free_email", true)
                .containsEntry("company_domain", "initech.com")
                .containsEntry("company_domain_source", "website")
                .containsEntry("email_matches_website", false)
                .containsEntry("role_account", false);
    }

    @Test
    void disposableDomainIsMatchedOnTheRegistrableDomainOfSubdomains() throws Exception {
        assertThat(MapContext.enrich(Lead.builder().email("x@mailinator.com").build()))
                .containsEntry("disposable_email", true).doesNotContainKey("company_domain");
        assertThat(MapContext.enrich(Lead.builder().email("x@eu.mailinator.com").build()))
                .containsEntry("disposable_email", true);
        assertThat(MapContext.enrich(Lead.builder().email("x@mailinator-fans.org").build()))
                .containsEntry("disposable_email", false);
    }

    @Test
    void shippedDisposableListIsLoaded() {
        assertThat(Enrichers.shippedDisposableDomains()).hasSizeGreaterThan(1000).contains("mailinator.com", "10minutemail.com");
    }

    @ParameterizedTest
    @CsvSource({"info@acme.com,true", "Sales+EU@acme.com,true", "no-reply@acme.com,true", "jane@acme.com,false",
            "informatics@acme.com,false"})
    void roleAccounts(String email, boolean role) throws Exception {
        assertThat(MapContext.enrich(Lead.builder().email(email).build())).containsEntry("role_account", role);
    }

    @Test
    void invalidEmailRecordsOnlyThatItIsInvalid() throws Exception {
        assertThat(MapContext.enrich(Lead.builder().email("jane@@acme").build())).containsExactly(Map.entry("email_valid", false));
        assertThat(MapContext.enrich(Lead.builder().build())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CEO & Co-Founder|c_level|executive",
            "Chief Financial Officer|c_level|finance",
            "Vice President, Sales|vp|sales",
            "SVP Marketing|vp|marketing",
            "Director of Engineering|director|engineering",
            "Head of People|director|hr",
            "IT Manager|manager|it",
            "Senior Software Engineer|senior|engineering",
            "Marketing Intern|entry|marketing",
            "Account Executive|individual|sales",
            "Managing Director|c_level|executive",
            "Product Designer|individual|product",
            "Barista|individual|other"})
    void titleGivesSeniorityAndDepartment(String title, String seniority, String department) throws Exception {
        assertThat(MapContext.enrich(Lead.builder().title(title).build()))
                .containsEntry("seniority", seniority).containsEntry("department", department);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // French
            "Directrice Marketing|director|marketing",
            "Directeur Commercial|director|sales",
            "Directeur Général|c_level|executive",
            "PDG|c_level|executive",
            "Co-fondatrice|c_level|executive",
            "Vice-Présidente Ventes|vp|sales",
            "Responsable Marketing|manager|marketing",
            "Responsable des Ressources Humaines|manager|hr",
            "Stagiaire Comptable|entry|finance",
            "Ingénieur logiciel senior|senior|engineering",
            // German
            "Geschäftsführer|c_level|executive",
            "Geschäftsführerin Vertrieb|c_level|sales",
            "Vertriebsleiterin|director|sales",
            "Leiter Marketing|director|marketing",
            "Marketingdirektor|director|marketing",
            "Teamleiter Einkauf|manager|operations",
            "Vizepräsident Finanzen|vp|finance",
            "Praktikantin Personalabteilung|entry|hr",
            "Softwareentwickler|individual|engineering",
            // Spanish
            "Director General|c_level|executive",
            "Directora de Marketing|director|marketing",
            "Jefe de Ventas|director|sales",
            "Gerente Comercial|manager|sales",
            "Vicepresidenta de Ventas|vp|sales",
            "Fundadora y CEO|c_level|executive",
            "Becario de Recursos Humanos|entry|hr",
            "Ingeniera de Software|individual|engineering"})
    void titlesInFrenchGermanAndSpanishGiveSeniorityAndDepartment(String title, String seniority, String department)
            throws Exception {
        assertThat(MapContext.enrich(Lead.builder().title(title).build()))
                .containsEntry("seniority", seniority).containsEntry("department", department);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+1 650-253-0000||+16502530000|US",
            "(650) 253-0000|US|+16502530000|US",
            "030 901820|Germany|+4930901820|DE",
            "0612345678|NL|+31612345678|NL",
            "+33 1 42 68 53 00|france|+33142685300|FR"})
    void phoneIsNormalisedToE164WithItsCountry(String phone, String country, String e164, String region) throws Exception {
        Map<String, Object> s = MapContext.enrich(Lead.builder().phone(phone).country(country == null ? "" : country).build());

        assertThat(s).containsEntry("phone_valid", true).containsEntry("phone_e164", e164).containsEntry("phone_country", region);
    }

    @Test
    void unparseableOrLocalPhoneWithoutCountryIsInvalid() throws Exception {
        assertThat(MapContext.enrich(Lead.builder().phone("call me maybe").build())).containsExactly(Map.entry("phone_valid", false));
        assertThat(MapContext.enrich(Lead.builder().phone("650 253 0000").build())).containsExactly(Map.entry("phone_valid", false));
    }
}
