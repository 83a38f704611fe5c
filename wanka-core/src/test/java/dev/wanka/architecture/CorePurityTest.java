package dev.wanka.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * wanka-core is a deterministic model: no network, database, files, threads, wall clock or unseeded
 * randomness. The live server and the twin bring those; the core must not.
 */
class CorePurityTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.wanka");

  @Test
  void coreDoesNoNetworkDatabaseOrFileIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.sql..", "javax.sql..", "java.nio.file..")
        .because("wanka-core takes text and values; drivers do the I/O")
        .check(CORE);
  }

  @Test
  void coreStartsNoThreads() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .areAssignableTo(Thread.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("java.util.concurrent..")
        .because("the scheduler core is a function of its inputs; drivers own threads")
        .check(CORE);
  }

  @Test
  void coreReadsNoWallClock() {
    noClasses()
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethodWhere(target(name("now")).and(target(owner(resideInAPackage("java.time")))))
        .because("time comes from an injected clock")
        .check(CORE);
  }

  @Test
  void coreUsesNoUnseededRandomness() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .areAssignableTo(Random.class)
        .orShould()
        .callMethod(Math.class, "random")
        .because("randomness comes from a SplittableRandom seeded by the caller")
        .check(CORE);
  }
}
