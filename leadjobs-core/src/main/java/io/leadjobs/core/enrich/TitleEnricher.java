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

    // English first, then French, German and Spanish (matched without accents: "Directrice" -> "directrice",
    // "Geschäftsführer" -> "geschaftsfuhrer"), masculine and feminine forms.
    private static final Set<String> C_LEVEL = Set.of("ceo", "cto", "cfo", "coo", "cmo", "cio", "ciso", "cro", "cpo",
            "cdo", "chro", "chief", "founder", "cofounder", "owner", "president",
            "pdg", "fondateur", "fondatrice", "cofondateur", "cofondatrice", "presidente", "proprietaire", "gerant", "gerante",
            "geschaftsfuhrer", "geschaftsfuhrerin", "geschaeftsfuehrer", "geschaeftsfuehrerin", "grunder", "grunderin",
            "mitgrunder", "mitgrunderin", "inhaber", "inhaberin", "vorstand", "vorstandsvorsitzender",
            "vorstandsvorsitzende", "prasident", "prasidentin",
            "fundador", "fundadora", "cofundador", "cofundadora", "presidenta", "propietario", "propietaria");
    /** C-level phrases: "directeur général", "director general", "consejero delegado". */
    private static final List<String> C_LEVEL_PHRASES = List.of(" managing director ", " managing partner ",
            " directeur general ", " directrice generale ", " director general ", " directora general ",
            " consejero delegado ", " consejera delegada ");
    private static final Set<String> VP = Set.of("vp", "svp", "evp", "avp",
            "vicepresident", "vicepresidente", "vicepresidenta", "vizeprasident", "vizeprasidentin");
    private static final Set<String> DIRECTOR = Set.of("director", "head",
            "directeur", "directrice", "direktor", "direktorin", "leiter", "leiterin", "directora", "jefe", "jefa");
    /** German compounds that end in a director word: "Vertriebsleiter", "Marketingdirektorin". */
    private static final List<String> DIRECTOR_SUFFIXES = List.of("leiter", "leiterin", "direktor", "direktorin");
    private static final Set<String> MANAGER = Set.of("manager", "mgr", "supervisor", "lead", "teamlead",
            "responsable", "gestionnaire", "teamleiter", "teamleiterin", "gruppenleiter", "gruppenleiterin",
            "gerente", "encargado", "encargada");
    /** An entry-level word next to one of these is not entry level ("Assistant Manager", "Gerente Asistente"). */
    private static final Set<String> ENTRY_OVERRULED_BY = Set.of("manager", "gerente", "responsable", "teamleiter",
            "teamleiterin");
    private static final Set<String> SENIOR = Set.of("senior", "sr", "principal", "staff", "expert",
            "experte", "experto", "experta");
    private static final Set<String> ENTRY = Set.of("intern", "trainee", "junior", "jr", "student", "apprentice",
            "graduate", "assistant", "associate",
            "stagiaire", "alternant", "alternante", "apprenti", "apprentie", "assistante",
            "praktikant", "praktikantin", "werkstudent", "werkstudentin", "auszubildender", "auszubildende", "azubi",
            "becario", "becaria", "practicante", "asistente");

    /** Department keywords, in priority order (an executive title with "sales" is sales). */
    private static final List<Map.Entry<String, Set<String>>> DEPARTMENTS = List.of(
            Map.entry(Signals.DEPARTMENT_SALES, Set.of("sales", "bdr", "sdr", "revenue", "account", "accounts",
                    "business development", "commercial", "commerciale", "ventes", "vente", "vertrieb", "verkauf",
                    "ventas", "comercial")),
            Map.entry(Signals.DEPARTMENT_MARKETING, Set.of("marketing", "cmo", "growth", "brand", "seo", "content",
                    "communications", "demand", "pr", "communication", "kommunikation", "comunicacion", "mercadotecnia")),
            Map.entry(Signals.DEPARTMENT_ENGINEERING, Set.of("engineer", "engineering", "developer", "software",
                    "cto", "devops", "architect", "programmer", "r&d", "ingenieur", "ingenieure", "developpeur",
                    "developpeuse", "entwickler", "entwicklerin", "entwicklung", "ingeniero", "ingeniera",
                    "desarrollador", "desarrolladora", "desarrollo")),
            Map.entry(Signals.DEPARTMENT_IT, Set.of("it", "cio", "ciso", "systems", "infrastructure", "security",
                    "network", "information technology", "sysadmin", "informatique", "informatik", "informatica",
                    "dsi")),
            Map.entry(Signals.DEPARTMENT_FINANCE, Set.of("finance", "financial", "cfo", "accounting", "accountant",
                    "controller", "treasury", "treasurer", "financier", "financiere", "comptable", "comptabilite",
                    "finanzen", "buchhaltung", "finanzas", "financiero", "financiera", "contable", "contabilidad")),
            Map.entry(Signals.DEPARTMENT_HR, Set.of("hr", "chro", "human resources", "people", "talent", "recruiter",
                    "recruiting", "recruitment", "rh", "ressources humaines", "personalabteilung", "rrhh",
                    "recursos humanos")),
            Map.entry(Signals.DEPARTMENT_PRODUCT, Set.of("product", "cpo", "produit", "produkt", "producto")),
            Map.entry(Signals.DEPARTMENT_OPERATIONS, Set.of("operations", "coo", "logistics", "supply chain",
                    "procurement", "purchasing", "logistique", "achats", "logistik", "einkauf", "logistica",
                    "compras", "operaciones")),
            Map.entry(Signals.DEPARTMENT_SUPPORT, Set.of("support", "customer success", "customer service", "helpdesk",
                    "service client", "kundenservice", "kundendienst", "atencion al cliente")),
            Map.entry(Signals.DEPARTMENT_LEGAL, Set.of("legal", "counsel", "attorney", "lawyer", "compliance",
                    "juridique", "juriste", "avocat", "avocate", "recht", "rechtsanwalt", "rechtsanwaltin", "juridico",
                    "abogado", "abogada")),
            Map.entry(Signals.DEPARTMENT_DESIGN, Set.of("design", "designer", "ux", "ui", "disenador", "disenadora")),
            Map.entry(Signals.DEPARTMENT_EXECUTIVE, Set.of("ceo", "founder", "cofounder", "owner", "president",
                    "managing director", "general manager", "chief executive", "partner", "pdg", "fondateur",
                    "fondatrice", "directeur general", "directrice generale", "geschaftsfuhrer", "geschaftsfuhrerin",
                    "geschaeftsfuehrer", "inhaber", "inhaberin", "vorstand", "grunder", "grunderin", "fundador",
                    "fundadora", "cofondateur", "cofondatrice", "mitgrunder", "mitgrunderin", "cofundador", "cofundadora",
                    "director general", "directora general", "consejero delegado", "presidente",
                    "presidenta")));

    /** German compound titles name the department in front: "Vertriebsleiterin", "Marketingdirektor". */
    private static final List<Map.Entry<String, List<String>>> DEPARTMENT_PREFIXES = List.of(
            Map.entry(Signals.DEPARTMENT_SALES, List.of("vertrieb", "verkauf")),
            Map.entry(Signals.DEPARTMENT_MARKETING, List.of("marketing")),
            Map.entry(Signals.DEPARTMENT_ENGINEERING, List.of("entwicklung", "software")),
            Map.entry(Signals.DEPARTMENT_IT, List.of("informatik")),
            Map.entry(Signals.DEPARTMENT_FINANCE, List.of("finanz", "buchhaltung")),
            Map.entry(Signals.DEPARTMENT_HR, List.of("personal")),
            Map.entry(Signals.DEPARTMENT_OPERATIONS, List.of("einkauf", "logistik")));

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
        String t = java.text.Normalizer.normalize(title.toLowerCase(Locale.ROOT), java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .replace("co-founder", "cofounder").replace("team lead", "teamlead")
                .replace("co-fondateur", "cofondateur").replace("co-fondatrice", "cofondatrice")
                .replace("mit-grunder", "mitgrunder").replace("co-fundador", "cofundador");
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
        // "Vice President", "Vice-Présidente" (words split at the hyphen)
        boolean vicePresident = joined.contains(" vice president ") || joined.contains(" vice presidente ");
        if (vicePresident || any(words, VP)) {
            return Signals.SENIORITY_VP;
        }
        if (any(words, C_LEVEL) || C_LEVEL_PHRASES.stream().anyMatch(joined::contains)) {
            return Signals.SENIORITY_C_LEVEL;
        }
        boolean manager = any(words, MANAGER);
        boolean director = any(words, DIRECTOR) || (!manager && words.stream().anyMatch(TitleEnricher::directorCompound));
        if (director) {
            return Signals.SENIORITY_DIRECTOR;
        }
        if (any(words, ENTRY) && !any(words, ENTRY_OVERRULED_BY)) {
            return Signals.SENIORITY_ENTRY;
        }
        if (manager) {
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
        for (Map.Entry<String, List<String>> prefixes : DEPARTMENT_PREFIXES) {
            for (String w : words) {
                for (String prefix : prefixes.getValue()) {
                    if (w.length() > prefix.length() + 2 && w.startsWith(prefix)) {
                        return prefixes.getKey();
                    }
                }
            }
        }
        return Signals.DEPARTMENT_OTHER;
    }

    private static boolean directorCompound(String word) {
        for (String suffix : DIRECTOR_SUFFIXES) {
            if (word.length() > suffix.length() + 2 && word.endsWith(suffix)) {
                return true;
            }
        }
        return false;
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
