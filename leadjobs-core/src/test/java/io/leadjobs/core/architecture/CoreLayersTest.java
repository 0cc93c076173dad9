package io.leadjobs.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Core is the bottom of the stack: jobs, the pipeline, enrichers and scoring know no web, JSON or transport type,
 * and no leadjobs module built on them.
 */
class CoreLayersTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.leadjobs.core");
    }

    @Test
    void coreKnowsNoWebOrJsonTypes() {
        noClasses().that().resideInAPackage("io.leadjobs.core..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax.servlet..",
                        "javax.websocket..", "com.fasterxml.jackson..", "org.glassfish..", "org.apache.catalina..")
                .because("core is embedded behind any transport; the wire shapes live in leadjobs-json")
                .check(classes);
    }

    @Test
    void onlyTheEnrichersParseWhatTheyFetch() {
        noClasses().that().resideInAPackage("io.leadjobs.core..").and().resideOutsideOfPackage("io.leadjobs.core.osint..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.gson..", "org.jsoup..")
                .because("Gson (RDAP answers) and jsoup (home pages) read the data the network enrichers fetch; jobs, the "
                        + "pipeline and the extension points stay free of them")
                .check(classes);
    }

    @Test
    void coreKnowsNoModuleAboveIt() {
        noClasses().that().resideInAPackage("io.leadjobs.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.leadjobs.engineio..", "io.leadjobs.socketio..",
                        "io.leadjobs.json..", "io.leadjobs.websocket..", "io.leadjobs.cluster..",
                        "io.leadjobs.server..")
                .check(classes);
    }
}
