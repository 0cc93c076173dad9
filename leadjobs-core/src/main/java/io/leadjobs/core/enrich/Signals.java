package io.leadjobs.core.enrich;

import io.leadjobs.core.Enrichment.Signal;

/**
 * The typed names of the signals the offline enrichers record. Names are snake_case and reach clients
 * as keys of a result's {@code enrichment} object. Other enrichers (the network ones) declare theirs in
 * the same style in their own constants class.
 */
public final class Signals {
    private Signals() {
    }

    /** Whether the email address is syntactically valid; absent when the lead has no email. */
    public static final Signal<Boolean> EMAIL_VALID = Signal.of("email_valid", Boolean.class);
    /** Lower-cased domain of a valid email address. */
    public static final Signal<String> EMAIL_DOMAIN = Signal.of("email_domain", String.class);
    /** The email is on a free-mail provider (gmail.com, outlook.com ...). */
    public static final Signal<Boolean> FREE_EMAIL = Signal.of("free_email", Boolean.class);
    /** The email's registrable domain is on the disposable-mail list. */
    public static final Signal<Boolean> DISPOSABLE_EMAIL = Signal.of("disposable_email", Boolean.class);
    /** The mailbox is a role account (info@, sales@ ...) rather than a person. */
    public static final Signal<Boolean> ROLE_ACCOUNT = Signal.of("role_account", Boolean.class);
    /** Seniority from the job title: one of the {@code SENIORITY_*} values. */
    public static final Signal<String> SENIORITY = Signal.of("seniority", String.class);
    /** Department from the job title: one of the {@code DEPARTMENT_*} values. */
    public static final Signal<String> DEPARTMENT = Signal.of("department", String.class);
    /** Registrable domain of the lead's company, from a business email or else the website. */
    public static final Signal<String> COMPANY_DOMAIN = Signal.of("company_domain", String.class);
    /** Where {@link #COMPANY_DOMAIN} came from: {@code email} or {@code website}. */
    public static final Signal<String> COMPANY_DOMAIN_SOURCE = Signal.of("company_domain_source", String.class);
    /** The email's registrable domain is the website's. Absent unless both are known. */
    public static final Signal<Boolean> EMAIL_MATCHES_WEBSITE = Signal.of("email_matches_website", Boolean.class);
    /** Whether the phone number is a valid number; absent when the lead has no phone. */
    public static final Signal<Boolean> PHONE_VALID = Signal.of("phone_valid", Boolean.class);
    /** The phone number in E.164 form ({@code +14155550123}). */
    public static final Signal<String> PHONE_E164 = Signal.of("phone_e164", String.class);
    /** ISO 3166-1 alpha-2 region of the phone number ({@code US}). */
    public static final Signal<String> PHONE_COUNTRY = Signal.of("phone_country", String.class);
    /** Kind of phone line: {@code mobile}, {@code fixed_line}, {@code fixed_line_or_mobile}, {@code toll_free}, {@code voip} ... */
    public static final Signal<String> PHONE_TYPE = Signal.of("phone_type", String.class);
    /**
     * The whole email address as it was probably meant, when its domain looks mistyped
     * ({@code jane@gmial.com} -> {@code jane@gmail.com}); absent when the domain looks as intended.
     * Only a suggestion: the lead's address is never rewritten.
     */
    public static final Signal<String> EMAIL_SUGGESTION = Signal.of("email_suggestion", String.class);

    public static final String SENIORITY_C_LEVEL = "c_level";
    public static final String SENIORITY_VP = "vp";
    public static final String SENIORITY_DIRECTOR = "director";
    public static final String SENIORITY_MANAGER = "manager";
    public static final String SENIORITY_SENIOR = "senior";
    public static final String SENIORITY_INDIVIDUAL = "individual";
    public static final String SENIORITY_ENTRY = "entry";

    public static final String DEPARTMENT_EXECUTIVE = "executive";
    public static final String DEPARTMENT_SALES = "sales";
    public static final String DEPARTMENT_MARKETING = "marketing";
    public static final String DEPARTMENT_ENGINEERING = "engineering";
    public static final String DEPARTMENT_IT = "it";
    public static final String DEPARTMENT_FINANCE = "finance";
    public static final String DEPARTMENT_HR = "hr";
    public static final String DEPARTMENT_OPERATIONS = "operations";
    public static final String DEPARTMENT_PRODUCT = "product";
    public static final String DEPARTMENT_SUPPORT = "support";
    public static final String DEPARTMENT_LEGAL = "legal";
    public static final String DEPARTMENT_DESIGN = "design";
    public static final String DEPARTMENT_OTHER = "other";
}
