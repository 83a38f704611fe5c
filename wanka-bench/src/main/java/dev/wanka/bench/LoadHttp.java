package dev.wanka.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests to REST API v1 from the load generator, each timed into a {@link RequestLog}: a queue
 * served by {@value #CONNECTIONS} threads, each with its own kept-alive HTTP/1.1 connection, so at
 * most that many requests are in flight (the server sees a bounded number of connections, as from a
 * proxy in front of many agents).
 *
 * <p>Why not the JDK's HttpClient, as {@link dev.wanka.api.WankaClient} uses: on this project's
 * 2-CPU benchmark machine its {@code sendAsync} took about 210 µs of CPU per request (completion
 * stages, its connection pool's expiry list, header maps), so one core could send about 4,700
 * requests a second, well short of 12,500 heartbeats. Writing the request bytes and reading the
 * reply on a blocking socket took about half as much at 2,500 requests a second, and 65 µs a
 * request at 7,700 (docs/benchmarks.md). The JSON is the wire's ({@link dev.wanka.api.WireJson});
 * the client understands what Jetty sends: a status line, headers, and a body of {@code
 * Content-Length} bytes or chunked.
 */
final class LoadHttp implements AutoCloseable {
  /** Connections, so requests in flight, at most. */
  static final int CONNECTIONS = 64;

  /** A connection idle this long is replaced before use: Jetty closes idle ones after 30 s. */
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final InetSocketAddress address;
  private final String hostHeader;
  private final int timeoutMillis;
  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean closed;

  LoadHttp(URI server, Duration timeout) {
    this.address = new InetSocketAddress(server.getHost(), server.getPort());
    this.hostHeader = server.getHost() + ":" + server.getPort();
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    for (int i = 0; i < CONNECTIONS; i++) {
      Thread worker = new Thread(this::work, "load-http-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
  }

  /**
   * Queues a request; the future completes with the body of a 2xx reply, or exceptionally with a
   * {@link RequestFailed}. Either way the request is in {@code log} by then, timed from this call:
   * when every connection is busy a request waits for one, and the wait counts in its latency (as a
   * real agent's request would wait for a busy server).
   *
   * @param body for POST, with {@code contentType}; null for GET
   */
  CompletableFuture<String> send(
      RequestLog log, String path, String token, String contentType, String body) {
    CompletableFuture<String> reply = new CompletableFuture<>();
    open.incrementAndGet();
    calls.add(
        new Call(log, path, request(path, token, contentType, body), System.nanoTime(), reply));
    return reply;
  }

  /** A POST of JSON. */
  CompletableFuture<String> postJson(RequestLog log, String path, String token, String json) {
    return send(log, path, token, "application/json", json);
  }

  /** A GET. */
  CompletableFuture<String> get(RequestLog log, String path, String token) {
    return send(log, path, token, null, null);
  }

  /** Waits for a reply: for setting up, where a failure stops the run. */
  static <T> T await(CompletableFuture<T> reply) {
    try {
      return reply.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RequestFailed) {
        throw (RequestFailed) e.getCause();
      }
      throw e;
    }
  }

  /** Waits until no request is open, or {@code limit} passed; returns how many still are. */
  int awaitIdle(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (open.get() > 0 && System.nanoTime() - deadline < 0) {
      Waits.pause(Duration.ofMillis(50));
    }
    return open.get();
  }

  private byte[] request(String path, String token, String contentType, String body) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(256);
    head.append(body == null ? "GET " : "POST ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(hostHeader).append("\r\n");
    head.append("Authorization: Bearer ").append(token).append("\r\n");
    head.append("Accept: application/json\r\n");
    if (body != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
      head.append("Content-Length: ").append(content.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[headBytes.length + content.length];
    System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
    System.arraycopy(content, 0, bytes, headBytes.length, content.length);
    return bytes;
  }

  private void work() {
    Connection connection = null;
    while (!closed) {
      Call call;
      try {
        call = calls.take();
      } catch (InterruptedException e) {
        break;
      }
      Reply reply;
      try {
        if (connection == null || System.nanoTime() - connection.lastUsedNanos > IDLE_NANOS) {
          close(connection);
          connection = new Connection(address, timeoutMillis);
        }
        reply = connection.exchange(call.bytes);
        if (!reply.keepAlive) {
          close(connection);
          connection = null;
        }
      } catch (IOException e) {
        close(connection);
        connection = null;
        finish(call, null, e);
        continue;
      }
      finish(call, reply, null);
    }
    close(connection);
  }

  private void finish(Call call, Reply reply, IOException error) {
    long took = System.nanoTime() - call.startNanos;
    open.decrementAndGet();
    if (error != null) {
      call.log.failed(call.startNanos, error.getClass().getSimpleName());
      call.reply.completeExceptionally(new RequestFailed(call.path + ": " + error, error));
    } else if (reply.status / 100 != 2) {
      call.log.failed(call.startNanos, "HTTP " + reply.status);
      call.reply.completeExceptionally(
          new RequestFailed(call.path + ": HTTP " + reply.status + " " + abbreviate(reply.body)));
    } else {
      call.log.took(call.startNanos, took);
      call.reply.complete(reply.body);
    }
  }

  private static void close(Connection connection) {
    if (connection != null) {
      connection.close();
    }
  }

  private static String abbreviate(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }

  /** Stops the connections; requests still queued stay unanswered. */
  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
  }

  /** A request that did not get a 2xx reply. */
  static final class RequestFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RequestFailed(String message) {
      super(message);
    }

    RequestFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Call(
      RequestLog log,
      String path,
      byte[] bytes,
      long startNanos,
      CompletableFuture<String> reply) {}

  private record Reply(int status, String body, boolean keepAlive) {}

  /** One kept-alive HTTP/1.1 connection: writes a request, reads its whole reply. */
  private static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    long lastUsedNanos = System.nanoTime();

    Connection(InetSocketAddress address, int timeoutMillis) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(address, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    }

    Reply exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      // "HTTP/1.1 200 OK"
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean keepAlive = true;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equals("transfer-encoding")) {
          chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        } else if (name.equals("connection")) {
          keepAlive = !value.equalsIgnoreCase("close");
        }
      }
      byte[] body;
      if (chunked) {
        body = chunkedBody();
      } else if (length >= 0) {
        body = bytes(Math.toIntExact(length));
      } else {
        throw new IOException("a reply with neither Content-Length nor chunked encoding");
      }
      lastUsedNanos = System.nanoTime();
      return new Reply(status, new String(body, StandardCharsets.UTF_8), keepAlive);
    }

    private byte[] chunkedBody() throws IOException {
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      while (true) {
        String sizeLine = line();
        int semicolon = sizeLine.indexOf(';');
        int size =
            Integer.parseInt(
                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        if (size == 0) {
          while (!line().isEmpty()) {
            // trailers: none expected, skipped
          }
          return body.toByteArray();
        }
        body.write(bytes(size));
        line(); // the CRLF after the chunk
      }
    }

    /** One line without its CRLF, as ASCII. */
    private String line() throws IOException {
      StringBuilder text = new StringBuilder(64);
      while (true) {
        if (position == limit) {
          fill();
        }
        byte b = buffer[position++];
        if (b == '\n') {
          int end = text.length();
          return end > 0 && text.charAt(end - 1) == '\r'
              ? text.substring(0, end - 1)
              : text.toString();
        }
        text.append((char) (b & 0xff));
      }
    }

    private byte[] bytes(int count) throws IOException {
      byte[] bytes = new byte[count];
      int done = 0;
      while (done < count) {
        if (position == limit) {
          fill();
        }
        int n = Math.min(count - done, limit - position);
        System.arraycopy(buffer, position, bytes, done, n);
        position += n;
        done += n;
      }
      return bytes;
    }

    private void fill() throws IOException {
      int n = in.read(buffer);
      if (n < 0) {
        throw new EOFException("the server closed the connection");
      }
      position = 0;
      limit = n;
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a connection we are done with: nothing to do
      }
    }
  }
}
