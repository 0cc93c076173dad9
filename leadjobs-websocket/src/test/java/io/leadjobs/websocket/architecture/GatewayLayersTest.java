package io.leadjobs.websocket.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job-events gateway sits on leadjobs-socketio, leadjobs-json and leadjobs-core, and knows nothing of the
 * hosts and extensions built beside it. The Socket.IO layers' own arrows are checked in leadjobs-socketio.
 */
class GatewayLayersTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.leadjobs.websocket", "io.leadjobs.json");
    }

    @Test
    void gatewayKnowsNoHostOrExtension() {
        noClasses().that().resideInAnyPackage("io.leadjobs.websocket..", "io.leadjobs.json..")
                .should().dependOnClassesThat().resideInAnyPackage("io.leadjobs.server..", "io.leadjobs.cluster..",
                        "org.glassfish..", "org.apache.catalina..")
                .check(classes);
    }

    @Test
    void jsonShapesKnowNoTransport() {
        noClasses().that().resideInAPackage("io.leadjobs.json..")
                .should().dependOnClassesThat().resideInAnyPackage("io.leadjobs.websocket..",
                        "io.leadjobs.socketio..", "io.leadjobs.engineio..", "jakarta..")
                .because("the REST API and the Socket.IO gateway both write these shapes")
                .check(classes);
    }
}
