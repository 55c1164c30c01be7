package org.muster.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's layout ("Layout") as rules the build checks: the core is pure (JDK only) and
 * depends on no other module; the protocol knows the core only; the SIP module knows neither the
 * store nor the application, and only its {@code stack} package touches JAIN-SIP; the store knows
 * the core only; the GMS knows the server only through {@code GmsConnection}; and no module's packages depend on each other in a cycle.
 */
class ModuleMapTest {
  static JavaClasses muster;

  @BeforeAll
  static void importMainCode() {
    muster = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.muster");
  }

  @Test
  void theCoreIsPureJavaAndDependsOnNoOtherModule() {
    classes().that().resideInAPackage("org.muster.core..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("org.muster.core..", "java..")
        .because("muster-core holds the procedures of 10.xx.3 as a pure core: JDK only, no I/O")
        .check(muster);
  }

  @Test
  void theProtocolKnowsTheCoreOnly() {
    noClasses().that().resideInAPackage("org.muster.protocol..")
        .should().dependOnClassesThat().resideInAnyPackage("org.muster.sip..", "org.muster.store..", "org.muster.app..", "org.muster.bench..")
        .check(muster);
  }

  @Test
  void theStoreKnowsTheCoreOnly() {
    noClasses().that().resideInAPackage("org.muster.store..")
        .should().dependOnClassesThat().resideInAnyPackage("org.muster.protocol..", "org.muster.sip..", "org.muster.app..", "org.muster.bench..")
        .check(muster);
  }

  @Test
  void theSipModuleKnowsNeitherTheStoreNorTheApplication() {
    noClasses().that().resideInAPackage("org.muster.sip..")
        .should().dependOnClassesThat().resideInAnyPackage("org.muster.store..", "org.muster.app..", "org.muster.bench..")
        .because("the application wires the store to the server (org.muster.app.Servers)")
        .check(muster);
  }

  @Test
  void theGmsKnowsTheServerOnlyThroughItsConnection() {
    noClasses().that().resideInAPackage("org.muster.gms..")
        .should().dependOnClassesThat().resideInAnyPackage("org.muster.store..", "org.muster.app..", "org.muster.bench..", "org.muster.sip.stack..")
        .because("the GMS keeps its tables through a DataSource and reaches partners through GmsConnection")
        .check(muster);
    noClasses().that().resideInAnyPackage("org.muster.core..", "org.muster.protocol..", "org.muster.sip..", "org.muster.store..")
        .should().dependOnClassesThat().resideInAPackage("org.muster.gms..")
        .because("only the application wires the GMS in (org.muster.app.Servers)")
        .check(muster);
  }

  @Test
  void onlyTheStackPackageTouchesJainSip() {
    noClasses().that().resideInAPackage("org.muster..").and().resideOutsideOfPackage("org.muster.sip.stack..")
        .should().dependOnClassesThat().resideInAnyPackage("gov.nist..", "javax.sip..")
        .because("SipEndpoint is Muster's one interface to the SIP stack")
        .check(muster);
  }

  @Test
  void thePackagesOfEachModuleHaveNoCycles() {
    slices().matching("org.muster.core.(*)..").should().beFreeOfCycles().check(muster);
    slices().matching("org.muster.sip.(*)..").should().beFreeOfCycles().check(muster);
    slices().matching("org.muster.app.(*)..").should().beFreeOfCycles().check(muster);
    slices().matching("org.muster.(*)..").should().beFreeOfCycles().check(muster);
  }

  @Test
  void theProtocolsMachineryDoesNotReachBackIntoTheCodecs() {
    noClasses().that().resideInAnyPackage("org.muster.protocol.xml..", "org.muster.protocol.mime..", "org.muster.protocol.decode..")
        .should().dependOnClassesThat().resideInAPackage("org.muster.protocol")
        .because("the codecs (org.muster.protocol) use xml, mime and decode, not the other way round")
        .check(muster);
  }
}
