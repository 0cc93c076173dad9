package io.leadjobs.core.enrich;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.leadjobs.core.Lead;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Normalises the phone number with libphonenumber: valid or not, E.164 form, its region and line type.
 * A number without a {@code +} prefix is read in the lead's country (an ISO code such as {@code DE} or an
 * English country name such as {@code Germany}); without a country it must carry its prefix.
 */
final class PhoneEnricher implements LeadEnricher {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Map<String, String> REGIONS_BY_NAME = regionsByName();

    @Override
    public String name() {
        return "phone";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext ctx) {
        if (lead.phone().isEmpty()) {
            return;
        }
        String region = region(lead.country()).orElse("ZZ");
        PhoneNumber number;
        try {
            number = PHONES.parse(digitsOnly(lead.phone()), region);
        } catch (NumberParseException e) {
            ctx.put(Signals.PHONE_VALID, false);
            return;
        }
        // a number is valid exactly when its type is known (PhoneNumberUtil.isValidNumber computes the
        // type too); asking for the type once halves the regular-expression work per lead
        PhoneNumberUtil.PhoneNumberType type = PHONES.getNumberType(number);
        boolean valid = type != PhoneNumberUtil.PhoneNumberType.UNKNOWN;
        ctx.put(Signals.PHONE_VALID, valid);
        if (!valid) {
            return;
        }
        ctx.put(Signals.PHONE_E164, PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        // most calling codes belong to one region; only shared ones (+1, +7, +44 ...) need the number's digits
        List<String> regions = PHONES.getRegionCodesForCountryCode(number.getCountryCode());
        String numberRegion = regions.size() == 1 ? regions.get(0) : PHONES.getRegionCodeForNumber(number);
        if (numberRegion != null && !numberRegion.equals("ZZ") && !numberRegion.equals("001")) {
            ctx.put(Signals.PHONE_COUNTRY, numberRegion);
        }
        ctx.put(Signals.PHONE_TYPE, type.name().toLowerCase(Locale.ROOT));
    }

    /**
     * The number without punctuation ({@code +1 (650) 253-0000} -> {@code +16502530000}), which libphonenumber
     * parses faster; text with letters (an extension, a vanity number) is left whole for it to read.
     */
    static String digitsOnly(String phone) {
        StringBuilder b = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            } else if (c == '+' && b.length() == 0) {
                b.append(c);
            } else if (Character.isLetter(c)) {
                return phone;
            }
        }
        return b.toString();
    }

    static Optional<String> region(String country) {
        String c = country.strip();
        if (c.isEmpty()) {
            return Optional.empty();
        }
        String upper = c.toUpperCase(Locale.ROOT);
        if (upper.length() == 2 && PHONES.getSupportedRegions().contains(upper)) {
            return Optional.of(upper);
        }
        if (upper.equals("UK")) {
            return Optional.of("GB");
        }
        return Optional.ofNullable(REGIONS_BY_NAME.get(c.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, String> regionsByName() {
        Map<String, String> m = new HashMap<>();
        for (String iso : Locale.getISOCountries()) {
            Locale l = new Locale("", iso);
            m.put(l.getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), iso);
            try {
                m.put(l.getISO3Country().toLowerCase(Locale.ROOT), iso);
            } catch (java.util.MissingResourceException ignored) {
                // no three-letter code for this region; the name and the two-letter code still work
            }
        }
        m.put("usa", "US");
        m.put("united states of america", "US");
        m.put("america", "US");
        m.put("great britain", "GB");
        m.put("england", "GB");
        m.put("scotland", "GB");
        m.put("wales", "GB");
        m.put("south korea", "KR");
        m.put("russia", "RU");
        m.put("czech republic", "CZ");
        m.put("holland", "NL");
        m.put("the netherlands", "NL");
        return Map.copyOf(m);
    }
}
