package io.leadjobs.core.enrich;

import io.leadjobs.core.Lead;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Seniority and department from the job title, by keywords on its lower-cased words. The first matching
 * rule wins, from most to least senior; "Vice President" is a VP, not a president.
 */
final class TitleEnricher implements LeadEnricher {

    private static final Set<String> C_LEVEL = Set.of("ceo", "cto", "cfo", "coo", "cmo", "cio", "ciso", "cro", "cpo",
            "cdo", "chro", "chief", "founder", "cofounder", "owner", "president");
    private static final Set<String> VP = Set.of("vp", "svp", "evp", "avp");
    private static final Set<String> DIRECTOR = Set.of("director", "head");
    private static final Set<String> MANAGER = Set.of("manager", "mgr", "supervisor", "lead", "teamlead");
    private static final Set<String> SENIOR = Set.of("senior", "sr", "principal", "staff", "expert");
    private static final Set<String> ENTRY = Set.of("intern", "trainee", "junior", "jr", "student", "apprentice",
            "graduate", "assistant", "associate");

    /** Department keywords, in priority order (an executive title with "sales" is sales). */
    private static final List<Map.Entry<String, Set<String>>> DEPARTMENTS = List.of(
            Map.entry(Signals.DEPARTMENT_SALES, Set.of("sales", "bdr", "sdr", "revenue", "account", "accounts",
                    "business development", "commercial")),
            Map.entry(Signals.DEPARTMENT_MARKETING, Set.of("marketing", "cmo", "growth", "brand", "seo", "content",
                    "communications", "demand", "pr")),
            Map.entry(Signals.DEPARTMENT_ENGINEERING, Set.of("engineer", "engineering", "developer", "software",
                    "cto", "devops", "architect", "programmer", "r&d")),
            Map.entry(Signals.DEPARTMENT_IT, Set.of("it", "cio", "ciso", "systems", "infrastructure", "security",
                    "network", "information technology", "sysadmin")),
            Map.entry(Signals.DEPARTMENT_FINANCE, Set.of("finance", "financial", "cfo", "accounting", "accountant",
                    "controller", "treasury", "treasurer")),
            Map.entry(Signals.DEPARTMENT_HR, Set.of("hr", "chro", "human resources", "people", "talent", "recruiter",
                    "recruiting", "recruitment")),
            Map.entry(Signals.DEPARTMENT_PRODUCT, Set.of("product", "cpo")),
            Map.entry(Signals.DEPARTMENT_OPERATIONS, Set.of("operations", "coo", "logistics", "supply chain",
                    "procurement", "purchasing")),
            Map.entry(Signals.DEPARTMENT_SUPPORT, Set.of("support", "customer success", "customer service", "helpdesk")),
            Map.entry(Signals.DEPARTMENT_LEGAL, Set.of("legal", "counsel", "attorney", "lawyer", "compliance")),
            Map.entry(Signals.DEPARTMENT_DESIGN, Set.of("design", "designer", "ux", "ui")),
            Map.entry(Signals.DEPARTMENT_EXECUTIVE, Set.of("ceo", "founder", "cofounder", "owner", "president",
                    "managing director", "general manager", "chief executive", "partner")));

    @Override
    public String name() {
        return "title";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext ctx) {
        if (lead.title().isEmpty()) {
            return;
        }
        List<String> words = words(lead.title());
        String joined = " " + String.join(" ", words) + " ";
        ctx.put(Signals.SENIORITY, seniority(words, joined));
        ctx.put(Signals.DEPARTMENT, department(words, joined));
    }

    static List<String> words(String title) {
        String t = title.toLowerCase(Locale.ROOT).replace("co-founder", "cofounder").replace("team lead", "teamlead");
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= t.length(); i++) {
            char c = i < t.length() ? t.charAt(i) : ' ';
            boolean part = Character.isLetterOrDigit(c) || c == '&';
            if (part && start < 0) {
                start = i;
            } else if (!part && start >= 0) {
                words.add(t.substring(start, i));
                start = -1;
            }
        }
        return words;
    }

    private static String seniority(List<String> words, String joined) {
        boolean vicePresident = joined.contains(" vice president ") || joined.contains(" vice-president ");
        if (vicePresident || any(words, VP)) {
            return Signals.SENIORITY_VP;
        }
        if (any(words, C_LEVEL) || joined.contains(" managing director ") || joined.contains(" managing partner ")) {
            return Signals.SENIORITY_C_LEVEL;
        }
        if (any(words, DIRECTOR)) {
            return Signals.SENIORITY_DIRECTOR;
        }
        if (any(words, ENTRY) && !words.contains("director") && !words.contains("manager")) {
            return Signals.SENIORITY_ENTRY;
        }
        if (any(words, MANAGER)) {
            return Signals.SENIORITY_MANAGER;
        }
        if (any(words, SENIOR)) {
            return Signals.SENIORITY_SENIOR;
        }
        return Signals.SENIORITY_INDIVIDUAL;
    }

    /** A department's one-word keywords and its phrases padded with blanks ({@code " human resources "}). */
    private record Keywords(String department, Set<String> words, List<String> phrases) {
        static Keywords of(Map.Entry<String, Set<String>> e) {
            Set<String> words = new java.util.HashSet<>();
            List<String> phrases = new ArrayList<>();
            for (String k : e.getValue()) {
                if (k.indexOf(' ') >= 0) {
                    phrases.add(" " + k + " ");
                } else {
                    words.add(k);
                }
            }
            return new Keywords(e.getKey(), Set.copyOf(words), List.copyOf(phrases));
        }
    }

    private static final List<Keywords> KEYWORDS = DEPARTMENTS.stream().map(Keywords::of).toList();

    private static String department(List<String> words, String joined) {
        for (Keywords k : KEYWORDS) {
            for (String w : words) {
                if (k.words().contains(w)) {
                    return k.department();
                }
            }
            for (String p : k.phrases()) {
                if (joined.contains(p)) {
                    return k.department();
                }
            }
        }
        return Signals.DEPARTMENT_OTHER;
    }

    private static boolean any(List<String> words, Set<String> keys) {
        for (String w : words) {
            if (keys.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
