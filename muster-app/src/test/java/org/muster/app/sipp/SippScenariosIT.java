package org.muster.app.sipp;

import org.muster.app.Servers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.RegroupEvent;
import org.muster.core.registration.Registration;
import org.muster.core.server.McServiceServer;
import org.muster.sip.server.MusterServer;

/**
 * Drives an in-process server with the independent sipp clients of the repository's sipp/
 * folder (written from WIRE.md only): each scenario must end with exit code 0, and its effect
 * is checked in the server's state. The server authenticates (digest, MD5 offered first for
 * sipp); each scenario answers the challenges with its row's PASSWORD. The member scenario runs in the background while the
 * dispatcher scenarios run; waits are on server state, never on time.
 */
class SippScenariosIT {
  private static final String DOMAIN = "metro.example";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration MEMBER_TIMEOUT = Duration.ofSeconds(60);

  static final String YAML = """
      system:
        id: metro
        domain: metro.example
        sip: 127.0.0.1:0
        # sipp 3.6 knows only MD5 and answers the first challenge of a 401 (sipp/README.md)
        digest-algorithms: [MD5, SHA-256]
      users:
        - id: sip:disp1@metro.example
          may: [group-regroup, user-regroup, cancel-regroup]
          password: disp1-secret
        - id: sip:disp2@metro.example
          may: [group-regroup]
          password: disp2-secret
        - id: sip:ff1@metro.example
          password: ff1-secret
        - id: sip:ff2@metro.example
          password: ff2-secret
        - id: sip:ff3@metro.example
          password: ff3-secret
        - id: sip:pol1@metro.example
          password: pol1-secret
        - id: sip:amb1@metro.example
          password: amb1-secret
        - id: sip:amb2@metro.example
          password: amb2-secret
      groups:
        - id: sip:fire@metro.example
          members: [sip:ff1@metro.example, sip:ff2@metro.example, sip:ff3@metro.example]
        - id: sip:police@metro.example
          members: [sip:pol1@metro.example]
        - id: sip:ambulance@metro.example
          members: [sip:amb1@metro.example, sip:amb2@metro.example]
        - id: sip:tmpl-incident@metro.example
          preconfigured-regroup-only: true
          members: [sip:ff1@metro.example, sip:ff2@metro.example, sip:ff3@metro.example,
                    sip:pol1@metro.example, sip:amb1@metro.example, sip:amb2@metro.example]
      """;

  private MusterServer server;
  private final List<RegroupEvent> events = new CopyOnWriteArrayList<>();
  private final List<Sipp.Run> started = new ArrayList<>();
  private Path workDir;

  @BeforeAll
  static void sippMustBeInstalled() {
    Sipp.requireInstalled();
  }

  @BeforeEach
  void startServer(TestInfo test) throws Exception {
    server = Servers.inMemory(ProvisioningLoader.parse(YAML, "sipp-it.yaml"));
    server.onEvent(events::add);
    String method = test.getTestMethod().orElseThrow().getName();
    String name = test.getDisplayName().startsWith(method) ? method : method + "-" + test.getDisplayName().replaceAll("[^A-Za-z0-9]+", "");
    workDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "sipp-it", name);
  }

  @AfterEach
  void stop() {
    started.forEach(Sipp.Run::kill);
    if (server != null) server.close();
  }

  // ---- service authorization and affiliation

  @Test
  void registerIsAnsweredWithTheGrantedExpiresAndContact() throws Exception {
    Sipp.Result r = passes("register.xml", Sipp.Row.of("amb2", McService.MCPTT));
    Registration reg = registrationAt("amb2", r.localPort()).orElseThrow(() -> new AssertionError("no registration at port " + r.localPort()));
    // the Contact carried only +g.3gpp.mcptt: the client is registered for MCPTT only
    assertThat(reg.services()).containsExactly(McService.MCPTT);
  }

  @Test
  void registerOfAnUnknownUserIsForbidden() throws Exception {
    passes("register-forbidden.xml", Sipp.Row.of("nobody", McService.MCPTT));
    assertThat(allRegistrations()).isEmpty();
  }

  @Test
  void affiliationIsAcceptedAndARefusedOneChangesNothing() throws Exception {
    Sipp.Result r = passes("affiliate.xml", Sipp.Row.of("amb2", McService.MCPTT).ids("ambulance", "police"));
    McServiceClient client = registrationAt("amb2", r.localPort()).orElseThrow().client();
    // 200 for {ambulance}; then 403 for {ambulance, police} and no change
    assertThat(affiliations(client, McService.MCPTT)).containsExactly(group("ambulance"));
  }

  // ---- preconfigured group regroup, per MC service

  @ParameterizedTest
  @EnumSource(McService.class)
  void groupRegroupReachesTheAffiliatedMemberAndSoDoesTheCancel(McService service) throws Exception {
    Sipp.Run member = startMember(Sipp.Row.of("ff1", service).ids("fire", "disp1").regroup("rg-1", "tmpl-incident"));
    McServiceClient ff1 = awaitAffiliated(member, "ff1", "fire", service);

    passes("group-regroup.xml", Sipp.Row.of("disp1", service).ids("fire", "police").regroup("rg-1", "tmpl-incident"));
    ActiveRegroup formed = regroup("rg-1").orElseThrow();
    assertThat(formed.service()).isEqualTo(service);
    assertThat(formed.requester()).isEqualTo(user("disp1"));
    assertThat(formed.targets()).isEqualTo(new RegroupTargets.Groups(List.of(group("fire"), group("police"))));
    // the member got the create and answered 200; it is a participant of the regroup
    awaitMemberState(member, ff1, "rg-1", MemberState.ACKNOWLEDGED);
    assertThat(participants("rg-1")).contains(ff1);

    passes("cancel.xml", Sipp.Row.of("disp1", service).regroup("rg-1", ""));
    assertThat(active()).isEmpty();
    assertThat(cancelled()).contains(group("rg-1"));
    // the member checked and answered the cancel, then logged off
    memberPasses(member);
    awaitEvent(ff1, "rg-1", MemberState.CANCEL_ACKNOWLEDGED);
    assertThat(registrations("ff1")).isEmpty();
  }

  @Test
  void lateAffiliationGetsTheCreateAtOnce() throws Exception {
    passes("group-regroup.xml", Sipp.Row.of("disp1", McService.MCPTT).ids("fire", "police").regroup("rg-1", "tmpl-incident"));
    assertThat(regroup("rg-1")).isPresent();

    Sipp.Result late = passes("late-affiliation.xml",
        Sipp.Row.of("ff2", McService.MCPTT).ids("fire", "disp1").regroup("rg-1", "tmpl-incident"), true);
    McServiceClient ff2 = new McServiceClient(user("ff2"), "sip:ff2@127.0.0.1:" + late.localPort());
    awaitEvent(ff2, "rg-1", MemberState.JOINED_LATE);
    awaitEvent(ff2, "rg-1", MemberState.ACKNOWLEDGED);
    // its log-off ended its participation; the regroup stays in effect
    awaitEvent(ff2, "rg-1", MemberState.LEFT);
    assertThat(participants("rg-1")).doesNotContain(ff2);
    assertThat(active()).hasSize(1);
  }

  // ---- preconfigured user regroup

  @Test
  void userRegroupReachesTheListedUserAndSoDoesTheCancel() throws Exception {
    Sipp.Run member = startMember(Sipp.Row.of("amb1", McService.MCPTT).ids("ambulance", "disp1").regroup("rg-u", "tmpl-incident"));
    McServiceClient amb1 = awaitAffiliated(member, "amb1", "ambulance", McService.MCPTT);

    passes("user-regroup.xml", Sipp.Row.of("disp1", McService.MCPTT).ids("amb1", "pol1").regroup("rg-u", "tmpl-incident"));
    ActiveRegroup formed = regroup("rg-u").orElseThrow();
    assertThat(formed.targets()).isEqualTo(new RegroupTargets.Users(List.of(user("amb1"), user("pol1"))));
    awaitMemberState(member, amb1, "rg-u", MemberState.ACKNOWLEDGED);
    assertThat(participants("rg-u")).contains(amb1);

    passes("cancel.xml", Sipp.Row.of("disp1", McService.MCPTT).regroup("rg-u", ""));
    memberPasses(member);
    assertThat(active()).isEmpty();
    awaitEvent(amb1, "rg-u", MemberState.CANCEL_ACKNOWLEDGED);
  }

  // ---- rejects (WIRE.md table): each scenario asserts the status and the Warning text

  @Test
  void aGroupAlreadyRegroupedIsRejectedWith148() throws Exception {
    passes("group-regroup.xml", Sipp.Row.of("disp1", McService.MCPTT).ids("fire", "police").regroup("rg-1", "tmpl-incident"));
    passes("regroup-rejected-148.xml", Sipp.Row.of("disp1", McService.MCPTT).ids("fire", "ambulance").regroup("rg-2", "tmpl-incident"));
    assertThat(regroup("rg-2")).isEmpty();
    assertThat(active()).hasSize(1);
  }

  @Test
  void aRequesterWithoutTheRightIsNotAuthorized() throws Exception {
    passes("regroup-not-authorized.xml", Sipp.Row.of("ff3", McService.MCPTT).ids("ambulance", "police").regroup("rg-3", "tmpl-incident"));
    assertNothingFormed();
  }

  @Test
  void anUnknownGroupIsRejectedWith163() throws Exception {
    passes("regroup-unknown-group.xml", Sipp.Row.of("disp1", McService.MCPTT).ids("nosuch", "ambulance").regroup("rg-4", "tmpl-incident"));
    assertNothingFormed();
  }

  @Test
  void aCreateWithBothListsIsMalformed() throws Exception {
    passes("regroup-malformed.xml", Sipp.Row.of("disp1", McService.MCPTT).ids("ambulance", "amb1").regroup("rg-5", "tmpl-incident"));
    assertNothingFormed();
  }

  // ---- impersonation (WIRE.md "Authentication and identity binding")

  @Test
  void aForgedRegroupIsChallengedAndFormsNothing() throws Exception {
    // disp1 is registered by its own client
    Sipp.Result dispatcher = passes("register.xml", Sipp.Row.of("disp1", McService.MCPTT));
    Sipp.Row regroup = Sipp.Row.of("disp1", McService.MCPTT).ids("fire", "police").regroup("rg-1", "tmpl-incident");

    // another socket sends disp1's regroup request: 401 without credentials, 401 with a wrong password
    passes("forged-regroup.xml", regroup.password("not-disp1-secret"));
    assertNothingFormed();
    assertThat(registrationAt("disp1", dispatcher.localPort())).isPresent();

    // the same request from disp1's own (authenticated) flow forms the regroup: fire and police were not claimed
    passes("group-regroup.xml", regroup);
    assertThat(regroup("rg-1").map(ActiveRegroup::requester)).contains(user("disp1"));
  }

  @Test
  void aForgedLogOffIsChallengedAndTheMemberStaysRegisteredAndAffiliated() throws Exception {
    // ff1's own client registers and affiliates to fire (its second PUBLISH, {fire, police}, is refused)
    Sipp.Result own = passes("affiliate.xml", Sipp.Row.of("ff1", McService.MCPTT).ids("fire", "police"));
    McServiceClient ff1 = registrationAt("ff1", own.localPort()).orElseThrow().client();
    assertThat(affiliations(ff1, McService.MCPTT)).containsExactly(group("fire"));

    // another socket logs off every client of ff1 (Contact: *, Expires: 0): 401 without credentials,
    // 401 with a wrong password
    passes("forged-logoff.xml", Sipp.Row.of("ff1", McService.MCPTT).password("not-ff1-secret"));
    assertThat(registrations("ff1")).extracting(Registration::client).containsExactly(ff1);
    assertThat(affiliations(ff1, McService.MCPTT)).containsExactly(group("fire"));
  }

  // ---- helpers

  private void assertNothingFormed() throws Exception {
    assertThat(active()).isEmpty();
    assertThat(events).noneMatch(e -> e.kind() == RegroupEvent.Kind.FORMED);
  }

  private Sipp.Result passes(String scenario, Sipp.Row row) throws Exception {
    return passes(scenario, row, false);
  }

  private Sipp.Result passes(String scenario, Sipp.Row row, boolean member) throws Exception {
    Sipp.Run run = Sipp.start(workDir, scenario, row, server.sipPort(), Duration.ofSeconds(30), member);
    started.add(run);
    Sipp.Result r = run.await(Duration.ofSeconds(45));
    assertThat(r.passed()).as("%s as %s:\n%s", scenario, row.mcServiceId(), r.report()).isTrue();
    return r;
  }

  private Sipp.Run startMember(Sipp.Row row) throws Exception {
    Sipp.Run run = Sipp.start(workDir, "member.xml", row, server.sipPort(), MEMBER_TIMEOUT, true);
    started.add(run);
    return run;
  }

  private void memberPasses(Sipp.Run member) throws Exception {
    Sipp.Result r = member.await(WAIT);
    assertThat(r.passed()).as("member.xml:\n%s", r.report()).isTrue();
  }

  /** Waits until the member's client (its sipp port) is affiliated to {@code group}. */
  private McServiceClient awaitAffiliated(Sipp.Run member, String name, String group, McService service) {
    return await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
      member.requireAlive();
      return core(x -> x.registrationsOf(user(name)).stream()
          .filter(r -> port(r.client().contact()).equals(String.valueOf(member.localPort)))
          .map(Registration::client)
          .filter(c -> x.affiliationsOf(c, service).contains(group(group)))
          .findFirst());
    }, Optional::isPresent).orElseThrow();
  }

  private void awaitEvent(McServiceClient client, String regroup, MemberState state) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> events.stream().anyMatch(memberEvent(client, regroup, state)));
  }

  private void awaitMemberState(Sipp.Run member, McServiceClient client, String regroup, MemberState state) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
      member.requireAlive();
      return events.stream().anyMatch(memberEvent(client, regroup, state));
    });
  }

  private static Predicate<RegroupEvent> memberEvent(McServiceClient client, String regroup, MemberState state) {
    return e -> e.regroupGroup().equals(group(regroup)) && e.memberState().equals(Optional.of(state))
        && e.client().map(c -> c.user().equals(client.user()) && samePort(c.contact(), client.contact())).orElse(false);
  }

  private static boolean samePort(String contactA, String contactB) {
    return port(contactA).equals(port(contactB));
  }

  private static String port(String contact) {
    String hostPort = contact.replaceFirst("^sips?:([^@]*@)?", "").replaceFirst("[;>?].*$", "");
    return hostPort.substring(hostPort.lastIndexOf(':') + 1);
  }

  private Optional<Registration> registrationAt(String name, int port) throws Exception {
    return core(c -> c.registrationsOf(user(name)).stream()
        .filter(r -> port(r.client().contact()).equals(String.valueOf(port)))
        .findFirst());
  }

  private List<ActiveRegroup> active() throws Exception {
    return core(c -> List.copyOf(c.activeRegroups()));
  }

  private List<McServiceGroupId> cancelled() throws Exception {
    return core(c -> c.recentlyCancelled().stream().map(ActiveRegroup::regroupGroup).toList());
  }

  private Optional<ActiveRegroup> regroup(String name) throws Exception {
    return core(c -> c.regroup(group(name)));
  }

  private Set<McServiceClient> participants(String regroup) throws Exception {
    return core(c -> Set.copyOf(c.regroup(group(regroup)).orElseThrow().participants()));
  }

  private List<Registration> registrations(String name) throws Exception {
    return core(c -> List.copyOf(c.registrationsOf(user(name))));
  }

  private List<Registration> allRegistrations() throws Exception {
    return core(c -> List.copyOf(c.allRegistrations()));
  }

  private Set<McServiceGroupId> affiliations(McServiceClient client, McService service) throws Exception {
    return core(c -> Set.copyOf(c.affiliationsOf(client, service)));
  }

  private <T> T core(Function<McServiceServer, T> f) throws Exception {
    return server.query(f).get(10, TimeUnit.SECONDS);
  }

  private static McServiceId user(String name) {
    return McServiceId.of("sip:" + name + "@" + DOMAIN);
  }

  private static McServiceGroupId group(String name) {
    return McServiceGroupId.of("sip:" + name + "@" + DOMAIN);
  }
}
