package io.leadjobs.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Varied, realistic lead files for the reference server's upload: the columns it knows
 * ({@code email,first_name,last_name,company,title,website,phone,country}), a few hundred company domains,
 * free-mail, disposable and role addresses, some rows with only a website, a few malformed addresses,
 * phones in several national formats, names with accents and apostrophes, company names with commas
 * (quoted). The same seed gives the same file. The {@code sample} command prints one (for a first job large enough
 * to watch live), and the load tool uploads them.
 */
public final class SampleLeads {

    /** The header row: the columns the upload knows. */
    public static final String HEADER = "email,first_name,last_name,company,title,website,phone,country";

    private static final String[] FIRST = {"Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances",
        "Ken", "Radia", "Tim", "Hedy", "John", "Mary", "Carlos", "Sofia", "Lucas", "Emma", "Noah", "Olivia", "Liam",
        "Mia", "José", "Zoë", "Björn", "Chloé", "Jürgen", "Amélie", "Mateo", "Aisha", "Wei", "Yuki", "Priya", "Arjun",
        "Fatima", "Omar", "Ingrid", "Lars", "Elena", "Marco", "Sean", "Niamh", "Pierre", "Camille", "Hannah", "Felix",
        "Anna", "David", "Sarah", "Michael", "Laura", "Daniel", "Julia", "Thomas", "Nina", "Peter", "Eva", "Jan",
        "Katarzyna", "Tomasz"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Ritchie",
        "Allen", "Thompson", "Perlman", "Berners-Lee", "Lamarr", "Smith", "Johnson", "Garcia", "Müller", "Schmidt",
        "Dubois", "Martin", "Rossi", "Bianchi", "O'Brien", "O'Neill", "van Dijk", "de Jong", "Jansen", "Nowak",
        "Kowalski", "Andersson", "Johansson", "Nielsen", "Tanaka", "Suzuki", "Wang", "Li", "Chen", "Kumar", "Sharma",
        "Patel", "Khan", "Haddad", "Fernández", "López", "González", "Silva", "Santos", "Costa", "Novak", "Horváth",
        "Popescu", "Brown", "Wilson", "Taylor", "Davies", "Evans", "Murphy", "Kelly", "Walsh", "Fischer", "Weber"};
    private static final String[] WORD_A = {"North", "Blue", "Green", "Red", "Silver", "Golden", "Bright", "Swift",
        "Iron", "Stone", "River", "Summit", "Pioneer", "Vertex", "Quantum", "Atlas", "Nova", "Polar", "Cedar", "Maple",
        "Harbor", "Crest", "Prime", "Apex", "Orbit", "Signal", "Granite", "Falcon", "Beacon", "Meridian", "Lumen",
        "Cobalt", "Acme", "Globex", "Initech", "Umbra", "Zenith", "Evergreen", "Keystone", "Trident"};
    private static final String[] WORD_B = {"Logistics", "Analytics", "Systems", "Software", "Labs", "Dynamics",
        "Industries", "Networks", "Health", "Energy", "Foods", "Capital", "Robotics", "Media", "Consulting", "Retail",
        "Solutions", "Works", "Partners", "Biotech"};
    private static final String[] SUFFIX = {"", "", "", " Inc.", " GmbH", " Ltd", " SAS", " B.V.", " LLC", " AG"};
    private static final String[] TLD = {"com", "com", "com", "com", "io", "net", "co", "de", "co.uk", "fr", "nl"};
    private static final String[] FREE_MAIL = {"gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com",
        "gmx.de", "web.de", "icloud.com", "proton.me", "aol.com"};
    private static final String[] DISPOSABLE = {"mailinator.com", "10minutemail.com", "guerrillamail.com"};
    private static final String[] ROLE = {"info", "sales", "contact", "office", "hello", "support"};
    private static final String[] TITLE = {"CEO", "CTO", "CFO", "COO", "VP Engineering", "VP Sales", "Head of Marketing",
        "Marketing Manager", "Sales Director", "Account Executive", "Software Engineer", "Senior Software Engineer",
        "Product Manager", "Data Scientist", "Operations Manager", "Procurement Lead", "IT Manager", "Founder",
        "Co-Founder", "Director of IT", "Purchasing Manager", "Office Manager", "Intern", "Consultant", ""};
    private static final String[] COUNTRY = {"US", "US", "US", "US", "US", "US", "US", "US", "GB", "GB", "GB", "DE",
        "DE", "DE", "FR", "FR", "NL", "CA", "AU", ""};

    private record Company(String name, String domain) {
    }

    private SampleLeads() {
    }

    /** {@code leads} data rows after the header, UTF-8; about 130 bytes a row. */
    public static byte[] generate(int leads, int companies, long seed) {
        Random random = new Random(seed);
        List<Company> pool = companies(companies, random);
        ByteArrayOutputStream out = new ByteArrayOutputStream(leads * 140 + 100);
        StringBuilder line = new StringBuilder(256);
        line.append(HEADER).append('\n');
        for (int i = 0; i < leads; i++) {
            row(line, random, pool);
            if (line.length() > 8192) {
                out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
                line.setLength(0);
            }
        }
        out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static List<Company> companies(int count, Random random) {
        List<Company> pool = new ArrayList<>(count);
        java.util.Set<String> domains = new java.util.HashSet<>();
        while (pool.size() < count) {
            String a = pick(random, WORD_A);
            String b = pick(random, WORD_B);
            String base = (a + (random.nextInt(3) == 0 ? "-" : "") + b).toLowerCase(Locale.ROOT);
            String domain = base + "." + pick(random, TLD);
            if (!domains.add(domain)) {
                continue;
            }
            String name = random.nextInt(25) == 0 ? a + ", " + b + " & Partners" : a + " " + b + pick(random, SUFFIX);
            pool.add(new Company(name, domain));
        }
        return pool;
    }

    private static void row(StringBuilder line, Random random, List<Company> pool) {
        String first = pick(random, FIRST);
        String last = pick(random, LAST);
        Company company = pool.get(random.nextInt(pool.size()));
        String local = (ascii(first) + "." + ascii(last)).toLowerCase(Locale.ROOT);
        int kind = random.nextInt(100);
        String email;
        String website = random.nextInt(10) < 6 ? website(random, company.domain()) : "";
        if (kind < 68) {
            email = corporateLocal(random, first, last) + "@" + company.domain();
        } else if (kind < 86) {
            email = local + (random.nextBoolean() ? String.valueOf(random.nextInt(99)) : "") + "@" + pick(random, FREE_MAIL);
        } else if (kind < 88) {
            email = local + "@" + pick(random, DISPOSABLE);
        } else if (kind < 92) {
            email = pick(random, ROLE) + "@" + company.domain();
        } else if (kind < 95) {
            email = "";
            website = website(random, company.domain()); // website only
        } else if (kind < 96) {
            email = local + "." + company.domain(); // malformed: no @
            website = website(random, company.domain());
        } else {
            email = (random.nextBoolean() ? local.toUpperCase(Locale.ROOT) : " " + local + " ") + "@" + company.domain();
        }
        String country = pick(random, COUNTRY);
        String phone = random.nextInt(100) < 45 ? phone(random, country) : "";
        field(line, email).append(',');
        field(line, first).append(',');
        field(line, last).append(',');
        field(line, company.name()).append(',');
        field(line, pick(random, TITLE)).append(',');
        field(line, website).append(',');
        field(line, phone).append(',');
        field(line, country).append('\n');
    }

    private static String corporateLocal(Random random, String first, String last) {
        String f = ascii(first).toLowerCase(Locale.ROOT);
        String l = ascii(last).toLowerCase(Locale.ROOT).replace("'", "").replace(" ", "");
        return switch (random.nextInt(4)) {
            case 0 -> f + "." + l;
            case 1 -> f.charAt(0) + l;
            case 2 -> f;
            default -> f + "_" + l.charAt(0);
        };
    }

    private static String website(Random random, String domain) {
        return switch (random.nextInt(4)) {
            case 0 -> "https://www." + domain;
            case 1 -> domain;
            case 2 -> "http://" + domain + "/";
            default -> "https://" + domain + "/about";
        };
    }

    private static String phone(Random random, String country) {
        if (random.nextInt(40) == 0) {
            return digits(random, 5); // too short to be a number anywhere
        }
        return switch (country) {
            case "US", "CA" -> random.nextBoolean()
                    ? "+1 (" + (201 + random.nextInt(700)) + ") 555-" + digits(random, 4)
                    : (201 + random.nextInt(700)) + "-" + (200 + random.nextInt(700)) + "-" + digits(random, 4);
            case "GB" -> "+44 20 " + (7000 + random.nextInt(1000)) + " " + digits(random, 4);
            case "DE" -> "+49 " + (30 + random.nextInt(60)) + " " + digits(random, 7);
            case "FR" -> "+33 1 " + digits(random, 2) + " " + digits(random, 2) + " " + digits(random, 2) + " " + digits(random, 2);
            case "NL" -> "+31 20 " + digits(random, 3) + " " + digits(random, 4);
            case "AU" -> "+61 2 " + (9000 + random.nextInt(1000)) + " " + digits(random, 4);
            default -> "+1 415 555 " + digits(random, 4);
        };
    }

    private static String digits(Random random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace("ß", "ss").replace(" ", "");
    }

    private static StringBuilder field(StringBuilder line, String value) {
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.startsWith(" ")) {
            return line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        return line.append(value);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
