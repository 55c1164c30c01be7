package org.muster.core.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POLICE;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/** Tables 10.6.2.2.34-1 to 36-1: the group or user list; WIRE.md bounds lists to 10,000 entries. */
class RegroupTargetsTest {
  private static List<McServiceGroupId> groups(int n) {
    return IntStream.range(0, n).mapToObj(i -> McServiceGroupId.of("sip:g" + i + "@metro.example")).toList();
  }

  private static List<McServiceId> users(int n) {
    return IntStream.range(0, n).mapToObj(i -> McServiceId.of("sip:u" + i + "@metro.example")).toList();
  }

  @Test
  void groups_rejectsAnEmptyList() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RegroupTargets.Groups(List.of())).withMessageContaining("empty");
  }

  @Test
  void groups_rejectsAGroupNamedTwice() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RegroupTargets.Groups(List.of(FIRE, POLICE, FIRE)))
        .withMessageContaining("twice");
  }

  @Test
  void groups_acceptsExactlyTenThousandAndRejectsMore() {
    assertThat(new RegroupTargets.Groups(groups(RegroupTargets.MAX_ENTRIES)).groups()).hasSize(10_000);
    assertThatIllegalArgumentException().isThrownBy(() -> new RegroupTargets.Groups(groups(10_001)))
        .withMessageContaining("10000");
  }

  @Test
  void users_rejectsAnEmptyList() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RegroupTargets.Users(List.of())).withMessageContaining("empty");
  }

  @Test
  void users_rejectsAUserNamedTwice() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RegroupTargets.Users(List.of(FF1, FF2, FF1)))
        .withMessageContaining("twice");
  }

  @Test
  void users_acceptsExactlyTenThousandAndRejectsMore() {
    assertThat(new RegroupTargets.Users(users(RegroupTargets.MAX_ENTRIES)).users()).hasSize(10_000);
    assertThatIllegalArgumentException().isThrownBy(() -> new RegroupTargets.Users(users(10_001)))
        .withMessageContaining("10000");
  }

  @Test
  void theListIsCopiedAndKeepsItsOrder() {
    List<McServiceGroupId> source = new ArrayList<>(List.of(POLICE, FIRE));
    RegroupTargets.Groups g = new RegroupTargets.Groups(source);
    source.clear();

    assertThat(g.groups()).containsExactly(POLICE, FIRE);
    assertThat(g).isEqualTo(new RegroupTargets.Groups(List.of(POLICE, FIRE)));
  }
}
