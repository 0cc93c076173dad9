package io.leadjobs.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One sales lead as uploaded. Absent fields are empty strings, never {@code null}; {@code extra} keeps
 * every other column of the upload, in order.
 */
public record Lead(
        String email,
        String firstName,
        String lastName,
        String company,
        String title,
        String website,
        String phone,
        String country,
        Map<String, String> extra) {

    public Lead {
        email = clean(email);
        firstName = clean(firstName);
        lastName = clean(lastName);
        company = clean(company);
        title = clean(title);
        website = clean(website);
        phone = clean(phone);
        country = clean(country);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The part of the email after the last {@code @}, lower-cased, if there is one. */
    public Optional<String> emailDomain() {
        int at = email.lastIndexOf('@');
        if (at < 0 || at == email.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(email.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /** Builds a {@link Lead}; every setter takes a non-null value. */
    public static final class Builder {
        private String email = "";
        private String firstName = "";
        private String lastName = "";
        private String company = "";
        private String title = "";
        private String website = "";
        private String phone = "";
        private String country = "";
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder email(String v) { this.email = Objects.requireNonNull(v, "email"); return this; }
        public Builder firstName(String v) { this.firstName = Objects.requireNonNull(v, "firstName"); return this; }
        public Builder lastName(String v) { this.lastName = Objects.requireNonNull(v, "lastName"); return this; }
        public Builder company(String v) { this.company = Objects.requireNonNull(v, "company"); return this; }
        public Builder title(String v) { this.title = Objects.requireNonNull(v, "title"); return this; }
        public Builder website(String v) { this.website = Objects.requireNonNull(v, "website"); return this; }
        public Builder phone(String v) { this.phone = Objects.requireNonNull(v, "phone"); return this; }
        public Builder country(String v) { this.country = Objects.requireNonNull(v, "country"); return this; }
        public Builder extra(String key, String value) {
            extra.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Lead build() {
            return new Lead(email, firstName, lastName, company, title, website, phone, country, extra);
        }
    }
}
