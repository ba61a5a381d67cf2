package io.assetgate.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core is shared by the server and the serverless handlers, so it carries no web stack:
 * no class of it uses the servlet API, Spring MVC, Spring's web binding, Spring Security's web
 * filters or an embedded server. HTTP vocabulary ({@code org.springframework.http}: statuses,
 * media types) is allowed; both deployments answer HTTP. The enforcer rule in core/pom.xml
 * keeps the same libraries off the dependency tree.
 */
class NoWebStackTest {

    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.assetgate.server", "db.migration");

    static final ArchRule NO_WEB_STACK = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "jakarta.servlet..", "org.springframework.web..", "org.springframework.security.web..",
            "org.springframework.security.config..", "org.springframework.boot.web..",
            "org.springframework.boot.webmvc..", "org.springframework.boot.tomcat..", "org.apache.catalina..",
            "org.apache.tomcat..")
            .because("the core runs in the serverless handlers too, which have no web stack");

    @Test
    void coreClassesUseNoWebStack() {
        assertThat(CORE).as("the import finds the core's classes").hasSizeGreaterThan(100);
        NO_WEB_STACK.check(CORE);
    }

    @Test
    void theRuleFindsAServletDependency() {
        JavaClasses offender = new ClassFileImporter().importClasses(UsesServlet.class);
        assertThat(NO_WEB_STACK.evaluate(offender).hasViolation()).isTrue();
    }

    /** A class as the rule must refuse it. */
    static class UsesServlet {
        org.springframework.web.context.request.RequestAttributes attributes;
    }
}
