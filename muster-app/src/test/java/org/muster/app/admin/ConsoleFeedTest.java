package org.muster.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The console's event streams: bounded in number, each with a bounded queue, a client that does not read dropped. */
class ConsoleFeedTest {
  private static final byte[] SNAPSHOT = "{\"regroups\" : [ ]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aStreamStartsWithASnapshotAndGetsOneAfterEachChange() throws Exception {
    try (ConsoleFeed feed = new ConsoleFeed(() -> SNAPSHOT)) {
      Exchange ex = new Exchange(false);
      assertThat(feed.subscribe(ex)).isTrue();
      assertThat(ex.code).isEqualTo(200);
      assertThat(ex.responseHeaders.getFirst("Content-Type")).startsWith("text/event-stream");
      ex.awaitWritten("event: snapshot\ndata: {\"regroups\" : [ ]}\n\n");
      feed.changed();
      ex.awaitWritten("event: snapshot\ndata: {\"regroups\" : [ ]}\n\nevent: snapshot\ndata: {\"regroups\" : [ ]}\n\n");
    }
  }

  @Test
  void atMostMaxSubscribersStreamsAreOpenTheNextGets503() throws Exception {
    try (ConsoleFeed feed = new ConsoleFeed(() -> SNAPSHOT)) {
      List<Exchange> open = new ArrayList<>();
      for (int i = 0; i < ConsoleFeed.MAX_SUBSCRIBERS; i++) {
        Exchange ex = new Exchange(false);
        assertThat(feed.subscribe(ex)).isTrue();
        open.add(ex);
      }
      Exchange refused = new Exchange(false);
      assertThat(feed.subscribe(refused)).isFalse();
      assertThat(refused.code).isEqualTo(503);
      assertThat(refused.responseHeaders.getFirst("Retry-After")).isEqualTo("5");
      assertThat(feed.subscribers()).isEqualTo(ConsoleFeed.MAX_SUBSCRIBERS);
    }
  }

  @Test
  void aClientThatDoesNotReadIsDroppedWhenItsQueueIsFullOthersGoOn() throws Exception {
    try (ConsoleFeed feed = new ConsoleFeed(() -> SNAPSHOT)) {
      Exchange stuck = new Exchange(true); // every write blocks: a browser that stopped reading
      Exchange reading = new Exchange(false);
      feed.subscribe(stuck);
      feed.subscribe(reading);
      String event = "event: snapshot\ndata: {\"regroups\" : [ ]}\n\n";
      reading.awaitWritten(event);
      for (int i = 0; i <= ConsoleFeed.QUEUE; i++) {
        feed.publish();
        reading.awaitWritten(event.repeat(i + 2));
      }
      assertThat(stuck.closed.await(10, TimeUnit.SECONDS)).as("the stuck stream is closed").isTrue();
      assertThat(feed.subscribers()).isEqualTo(1);
      feed.publish();
      reading.awaitWritten(event.repeat(ConsoleFeed.QUEUE + 3));
      assertThat(reading.closed.getCount()).isEqualTo(1);
    }
  }

  /** A hand-written exchange: records the answer; its body either collects what is written or blocks every write. */
  private static final class Exchange extends HttpExchange {
    final Headers responseHeaders = new Headers();
    final CountDownLatch closed = new CountDownLatch(1);
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final boolean blocks;
    volatile int code;

    Exchange(boolean blocks) {
      this.blocks = blocks;
    }

    void awaitWritten(String expected) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> text().length() >= expected.length());
      assertThat(text()).isEqualTo(expected);
    }

    String text() {
      synchronized (written) {
        return written.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public OutputStream getResponseBody() {
      return new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          if (blocks) {
            try {
              closed.await(); // until the feed gives up on it
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return;
          }
          synchronized (written) {
            written.write(b, off, len);
          }
        }
      };
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
      code = rCode;
    }

    @Override
    public void close() {
      closed.countDown();
    }

    @Override
    public Headers getRequestHeaders() {
      return new Headers();
    }

    @Override
    public Headers getResponseHeaders() {
      return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
      return URI.create("/api/console/events");
    }

    @Override
    public String getRequestMethod() {
      return "GET";
    }

    @Override
    public HttpContext getHttpContext() {
      return null;
    }

    @Override
    public InputStream getRequestBody() {
      return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public int getResponseCode() {
      return code;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public String getProtocol() {
      return "HTTP/1.1";
    }

    @Override
    public Object getAttribute(String name) {
      return null;
    }

    @Override
    public void setAttribute(String name, Object value) {}

    @Override
    public void setStreams(InputStream i, OutputStream o) {}

    @Override
    public HttpPrincipal getPrincipal() {
      return null;
    }
  }
}
