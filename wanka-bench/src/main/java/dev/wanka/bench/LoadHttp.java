package dev.wanka.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asynchronous requests to REST API v1, each timed into a {@link RequestLog}. {@link
 * dev.wanka.api.WankaClient} blocks a thread per call and binds one token per client; a load of
 * 12,500 agents needs thousands of requests in flight from a few threads, each with its own agent's
 * token, so this sends them with one JDK HttpClient ({@code sendAsync}, HTTP/1.1 with kept-alive
 * connections) and the same JSON as the client ({@link dev.wanka.api.WireJson}).
 */
final class LoadHttp implements AutoCloseable {
  private final URI server;
  private final Duration timeout;
  private final ExecutorService executor;
  private final HttpClient http;
  private final AtomicInteger open = new AtomicInteger();

  /**
   * Makes the JDK HttpClient complete replies on a pool. Its {@code sendAsync} hands every reply to
   * CompletableFuture's default executor, which on a machine of two CPUs or fewer (a common pool of
   * parallelism 1) starts a new thread per task: thousands of threads a second under this load.
   * Call it first in {@code main}, before anything uses the common pool.
   */
  static void keepCompletionsPooled() {
    System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
  }

  /**
   * @param threads the threads that complete replies (read bodies, run the callers' callbacks)
   */
  LoadHttp(URI server, Duration timeout, int threads) {
    if (ForkJoinPool.getCommonPoolParallelism() < 2) {
      throw new IllegalStateException(
          "the common pool has parallelism "
              + ForkJoinPool.getCommonPoolParallelism()
              + ", so every reply would start a thread: call keepCompletionsPooled() first in main");
    }
    this.server = server;
    this.timeout = timeout;
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "load-http");
              thread.setDaemon(true);
              return thread;
            });
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(executor)
            .build();
  }

  /**
   * Sends a request; the future completes with the body of a 2xx reply, or exceptionally with a
   * {@link RequestFailed}. Either way the request is in {@code log} by then.
   *
   * @param body for POST, with {@code contentType}; null for GET
   */
  CompletableFuture<String> send(
      RequestLog log, String path, String token, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server + path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    open.incrementAndGet();
    long start = System.nanoTime();
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              long took = System.nanoTime() - start;
              open.decrementAndGet();
              if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                log.failed(start, cause.getClass().getSimpleName());
                throw new RequestFailed(path + ": " + cause, cause);
              }
              if (response.statusCode() / 100 != 2) {
                log.failed(start, "HTTP " + response.statusCode());
                throw new RequestFailed(
                    path + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()),
                    null);
              }
              log.took(start, took);
              return response.body();
            });
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
  static String await(CompletableFuture<String> reply) {
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

  private static String abbreviate(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** A request that did not get a 2xx reply. */
  static final class RequestFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RequestFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
