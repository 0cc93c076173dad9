package io.leadjobs.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of this module, checked on its compiled classes: Engine.IO knows nothing above it, and neither layer
 * knows any other leadjobs package, so the module stays usable as a Socket.IO server on its own.
 */
class SocketIoLayersTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.leadjobs.engineio", "io.leadjobs.socketio");
    }

    @Test
    void engineIoDoesNotKnowSocketIo() {
        noClasses().that().resideInAPackage("io.leadjobs.engineio..")
                .should().dependOnClassesThat().resideInAPackage("io.leadjobs.socketio..")
                .because("Socket.IO is a layer on Engine.IO, not the other way round")
                .check(classes);
    }

    @Test
    void neitherLayerKnowsTheRestOfLeadjobs() {
        noClasses().that().resideInAnyPackage("io.leadjobs.engineio..", "io.leadjobs.socketio..")
                .should().dependOnClassesThat(resideInAPackage("io.leadjobs..")
                        .and(not(resideInAnyPackage("io.leadjobs.engineio..", "io.leadjobs.socketio.."))))
                .because("leadjobs-socketio is a Socket.IO server that depends on no other leadjobs artifact")
                .check(classes);
    }

    @Test
    void onlyTheDeclaredLibrariesAreUsed() {
        noClasses().that().resideInAnyPackage("io.leadjobs.engineio..", "io.leadjobs.socketio..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.leadjobs.engineio..",
                        "io.leadjobs.socketio..", "java..", "javax.annotation..", "jakarta.websocket..",
                        "jakarta.servlet..", "com.fasterxml.jackson..", "org.slf4j..")
                .because("the module's dependencies are the Jakarta WebSocket and Servlet APIs, Jackson and slf4j")
                .check(classes);
    }
}
