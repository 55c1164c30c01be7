package org.muster.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a transaction {@link Database#inTransaction} runs again: those where the
 * database aborted it to break a deadlock with another server instance on the same store
 * (ConcurrentCreatesIT found them as 503 answers on PostgreSQL), and only those.
 */
class DeadlockRetryTest {

  @Test
  void aDeadlockOrASerializationFailureIsRunAgain() {
    assertThat(Database.gaveWay(new SQLException("ERROR: deadlock detected", "40P01"))).isTrue();
    assertThat(Database.gaveWay(new SQLException("could not serialize access", "40001"))).isTrue();
  }

  @Test
  void aDeadlockReportedInsideABatchIsRunAgain() {
    BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "", new int[0]);
    batch.setNextException(new SQLException("ERROR: deadlock detected", "40P01"));
    assertThat(Database.gaveWay(batch)).isTrue();
    assertThat(Database.gaveWay(new SQLException("wrapped", "XX000", new SQLException("ERROR: deadlock detected", "40P01")))).isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(Database.gaveWay(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(Database.gaveWay(new SQLException("connection refused", "08001"))).isFalse();
    assertThat(Database.gaveWay(new SQLException("no state"))).isFalse();
  }
}
