package org.muster.app.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipResponse;

/**
 * The workload of {@link CrashPointsIT}: dispatchers each owning a few regroup groups send creates
 * (of 1 to 3 shared groups, so they clash with each other's) and cancels, one at a time with a
 * small random pause, and keep a book of what each answer says is in effect. A request still
 * unanswered when the server dies is kept as unknown, to be settled from the store.
 */
final class CrashStream {
  /** What a dispatcher asked: a create of {@code groups}, or a cancel ({@code groups} null). */
  record Op(List<String> groups) {
    boolean create() {
      return groups != null;
    }

    @Override
    public String toString() {
      return create() ? "create " + groups : "cancel";
    }
  }

  /** One regroup group: the groups of the regroup in effect (null: none), and the request in flight at a kill. */
  static final class Book {
    final String regroupGroup;
    List<String> groups;
    Op unknown;
    /** Each request and its answer, for the failure messages. */
    final List<String> history = new ArrayList<>();

    Book(String regroupGroup) {
      this.regroupGroup = regroupGroup;
    }

    /** What the store may hold after a kill: the state before the unknown request, or after it. */
    List<List<String>> allowed() {
      List<List<String>> out = new ArrayList<>();
      out.add(groups);
      if (unknown != null) out.add(unknown.create() ? (groups == null ? unknown.groups : groups) : null);
      return out;
    }
  }

  private final List<String> groups;
  private final Map<String, Book> books = new LinkedHashMap<>();
  private final int total;
  private final AtomicInteger issued = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  final AtomicInteger created = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  final AtomicInteger cancelled = new AtomicInteger();
  final AtomicInteger cutOff = new AtomicInteger();

  /** {@code total} requests over the regroup groups {@code owned} (one list per dispatcher) and the shared {@code groups}. */
  CrashStream(int total, List<List<String>> owned, List<String> groups) {
    this.total = total;
    this.groups = List.copyOf(groups);
    for (List<String> rgs : owned) for (String rg : rgs) books.put(rg, new Book(rg));
  }

  Map<String, Book> books() {
    return books;
  }

  int issued() {
    return Math.min(issued.get(), total);
  }

  boolean done() {
    return issued.get() >= total;
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Sends requests for the regroup groups {@code owned} from {@code disp} until the stream is
   * done or {@code killed} completes; a request then unanswered is left as unknown.
   */
  void drive(McClient disp, List<String> owned, Random rnd, CompletableFuture<Void> killed) throws Exception {
    List<String> recent = new ArrayList<>();
    while (!killed.isDone() && issued.incrementAndGet() <= total) {
      // not one of the last two touched: a client could not tell a cancel from a create that overtook it
      List<String> free = new ArrayList<>(owned);
      free.removeAll(recent);
      Book b = books.get(free.get(rnd.nextInt(free.size())));
      recent.add(b.regroupGroup);
      if (recent.size() > 2) recent.remove(0);
      boolean wrong = rnd.nextInt(10) == 0; // a create of one in effect, a cancel of one that is not
      Op op = (b.groups == null) != wrong ? new Op(pick(rnd)) : new Op(null);
      b.unknown = op;
      CompletableFuture<SipResponse> sent = op.create()
          ? disp.regroup(McService.MCPTT, group(b.regroupGroup), StoreSystem.group("tmpl"), targets(op.groups))
          : disp.cancel(McService.MCPTT, group(b.regroupGroup));
      CompletableFuture.anyOf(sent.handle((r, e) -> r), killed).get(60, TimeUnit.SECONDS);
      if (!sent.isDone() || sent.isCompletedExceptionally()) {
        b.history.add(op + ": cut off");
        if (!killed.isDone()) problems.add(b.regroupGroup + " " + op + ": no answer from a running server");
        cutOff.incrementAndGet();
        return; // the server died under it: unknown until the store says
      }
      settle(b, op, sent.join());
      b.unknown = null;
      Thread.sleep(rnd.nextInt(6)); // the stream's random pace, not a wait for anything
    }
  }

  /** The answer to {@code op}, checked against the book and entered in it. */
  private void settle(Book b, Op op, SipResponse r) {
    String warning = r.header("Warning").orElse("");
    String what = b.regroupGroup + " " + op + " (in effect: " + b.groups + ") answered " + r.status() + " " + warning;
    b.history.add(op + ": " + r.status() + (warning.isEmpty() ? "" : " " + warning.replaceAll(".*\"(\\d+).*", "$1")));
    if (op.create() && b.groups == null) {
      if (r.status() == 200) {
        b.groups = op.groups;
        created.incrementAndGet();
      } else if (r.status() == 403 && warning.contains("148")) {
        refused.incrementAndGet();
      } else {
        problems.add(what);
      }
    } else if (op.create()) {
      boolean repeat = Set.copyOf(b.groups).equals(Set.copyOf(op.groups)); // WIRE.md: a retry, answered 200 again
      if (!(r.status() == 403 && (warning.contains("148") || warning.contains("165"))) && !(repeat && r.status() == 200)) problems.add(what);
    } else if (b.groups != null) {
      if (r.status() == 200) {
        b.groups = null;
        cancelled.incrementAndGet();
      } else {
        problems.add(what);
      }
    } else if (!(r.status() == 404 && warning.contains("163"))) {
      problems.add(what);
    }
  }

  /**
   * After a kill: checks each book against what the store holds (an answered request is there, an
   * unknown one whole or not at all) and takes the store's word for the unknown ones.
   */
  List<String> settleFromStore(Map<String, List<String>> stored) {
    List<String> wrong = new ArrayList<>();
    Set<String> foreign = new HashSet<>(stored.keySet());
    foreign.removeAll(books.keySet());
    if (!foreign.isEmpty()) wrong.add("in effect but never created: " + foreign);
    for (Book b : books.values()) {
      List<String> held = stored.get(b.regroupGroup);
      boolean fits = b.allowed().stream().anyMatch(a -> Objects.equals(a, held));
      if (!fits) {
        wrong.add(b.regroupGroup + ": the store holds " + held + " but the answers say " + b.groups
            + (b.unknown == null ? "" : " (or, by the unanswered " + b.unknown + ", " + b.allowed().get(1) + ")") + "; history " + b.history);
      }
      if (b.unknown != null) b.history.add("after the kill the store holds " + held);
      b.groups = held;
      b.unknown = null;
    }
    return wrong;
  }

  private List<String> pick(Random rnd) {
    List<String> shuffled = new ArrayList<>(groups);
    java.util.Collections.shuffle(shuffled, rnd);
    return List.copyOf(shuffled.subList(0, 1 + rnd.nextInt(3)));
  }

  private static RegroupTargets targets(List<String> groups) {
    return new RegroupTargets.Groups(groups.stream().map(CrashStream::group).toList());
  }

  private static McServiceGroupId group(String name) {
    return StoreSystem.group(name);
  }
}
