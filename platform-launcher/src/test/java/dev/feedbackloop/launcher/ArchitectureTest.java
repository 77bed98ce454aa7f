package dev.feedbackloop.launcher;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the modules may depend on each other, checked on the compiled classes (and, for the modules, on the poms):
 * the trigger and improvement services know nothing of each other, and depend on the platform only through
 * shared-kernel and platform-support; inside a service, controllers are the edge (nothing else uses them, and no
 * other feature reaches into them), aggregates and sagas know no HTTP.
 */
class ArchitectureTest {

    static final String ROOT = "dev.feedbackloop";
    static final List<String> SERVICES = List.of("feedback", "analysis", "trigger", "improvement");
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void theImprovementAndTriggerServicesDoNotDependOnEachOther() {
        // the rules below mean something only if every service's classes were found
        for (String service : SERVICES) {
            assertThat(CLASSES.stream().map(JavaClass::getPackageName)).as(service)
                    .anyMatch(p -> p.startsWith(ROOT + "." + service + "."));
        }
        noClasses().that().resideInAPackage(ROOT + ".improvement..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".trigger..").check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".trigger..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".improvement..").check(CLASSES);
    }

    @Test
    void aServiceDependsOnNoOtherServiceOnlyOnTheKernelAndPlatformSupport() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> ROOT + "." + s + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(ROOT + "." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .orShould().dependOnClassesThat().resideInAPackage(ROOT + ".launcher..")
                    .check(CLASSES);
        }
        noClasses().that().resideInAnyPackage(ROOT + ".kernel..", ROOT + ".support..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream().map(s -> ROOT + "." + s + "..")
                        .toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void theImprovementAndTriggerModulesDeclareOnlyTheKernelAndPlatformSupport() throws IOException {
        for (String module : List.of("improvement-service", "trigger-service")) {
            assertThat(platformDependencies(module)).as(module).containsOnly("platform-support");
        }
        assertThat(platformDependencies("platform-support")).containsOnly("shared-kernel");
    }

    @Test
    void aControllerIsUsedOnlyFromItsOwnPackage() {
        ArchRule rule = classes().that().areAnnotatedWith(RestController.class)
                .should(beUsedOnlyFromTheirOwnPackage());
        rule.check(CLASSES);
    }

    @Test
    void nothingOutsideAServicesWebPackageUsesIt() {
        for (String service : SERVICES) {
            String web = ROOT + "." + service + ".web..";
            noClasses().that().resideOutsideOfPackage(web).and().resideInAPackage(ROOT + "." + service + "..")
                    .should().dependOnClassesThat().resideInAPackage(web).check(CLASSES);
        }
    }

    @Test
    void queryAndCommandPackagesDoNotUseTheWeb() {
        noClasses().that().resideInAnyPackage(ROOT + ".*.query..", ROOT + ".*.command..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".*.web..", "org.springframework.web..",
                        "org.springframework.http..")
                .check(CLASSES);
    }

    @Test
    void aggregatesAndSagasKnowNoHttp() {
        DescribedPredicate<JavaClass> http = resideInAnyPackage("..web..", "org.springframework.http..")
                .or(DescribedPredicate.describe("a controller", c -> c.isAnnotatedWith(RestController.class)));
        noClasses().that().areAnnotatedWith(Aggregate.class).or().areAnnotatedWith(Saga.class)
                .should().dependOnClassesThat(http).check(CLASSES);
    }

    private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnPackage() {
        return new ArchCondition<>("be used only from their own package") {
            @Override
            public void check(JavaClass controller, ConditionEvents events) {
                for (Dependency d : controller.getDirectDependenciesToSelf()) {
                    JavaClass user = d.getOriginClass();
                    String own = user.getPackageName();
                    // the Spring configuration that registers a controller is wiring, not use
                    boolean wiring = user.isMetaAnnotatedWith(Configuration.class) || user.isAnnotatedWith(Configuration.class);
                    if (!own.equals(controller.getPackageName()) && own.startsWith(ROOT) && !wiring) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    /** The dev.feedbackloop artifacts a module's pom declares outside the test scope. */
    static List<String> platformDependencies(String module) throws IOException {
        String pom = Files.readString(Path.of("..", module, "pom.xml"));
        String dependencies = pom.substring(pom.indexOf("<dependencies>"), pom.indexOf("</dependencies>"));
        Matcher m = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(dependencies);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            String d = m.group(1);
            if (d.contains("<groupId>" + ROOT + "</groupId>") && !d.contains("<scope>test</scope>")) {
                Matcher a = Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(d);
                a.find();
                out.add(a.group(1));
            }
        }
        return out;
    }
}
