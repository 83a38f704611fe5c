package dev.wanka.server.http;

import dev.wanka.api.ApiPaths;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.server.auth.Principal;
import dev.wanka.server.control.ApiProblem;
import dev.wanka.server.control.ControlPlane;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Agents' heartbeats ({@code POST /api/v1/nodes/{node}/heartbeat}) served on Jetty directly, ahead
 * of Javalin, which gets every other request. A cluster of 12,500 nodes sends 12,500 heartbeats a
 * second; through the servlet layer and Javalin each cost about twice what it costs here (see
 * docs/benchmarks.md). The exchange is the same as any route's: bearer token, role check, strict
 * JSON, problem+json errors, the body limit and the request metrics.
 */
final class HeartbeatHandler extends Handler.Wrapper {
  private static final Logger LOG = System.getLogger(HeartbeatHandler.class.getName());
  private static final String PREFIX = ApiPaths.NODES + "/";
  private static final String SUFFIX = "/heartbeat";
  private static final String JSON = "application/json";
  private static final long DRAINED_BYTES = 8 * HttpApi.MAX_BODY_BYTES;

  /** The largest declared length a body's array is sized by before its bytes arrive. */
  private static final int TRUSTED_LENGTH = 64 * 1024;

  private final ControlPlane plane;
  private final BearerAuth auth;
  private final ServerMetrics metrics;
  private final Route route;
  private final String routeName;
  private final HeartbeatReplies replies = new HeartbeatReplies();

  HeartbeatHandler(ControlPlane plane, BearerAuth auth, ServerMetrics metrics, Route route) {
    this.plane = plane;
    this.auth = auth;
    this.metrics = metrics;
    this.route = route;
    this.routeName = route.name();
  }

  /** The route this handler serves, as the route table declares it (with no Javalin handler). */
  static String path() {
    return PREFIX + "{node}" + SUFFIX;
  }

  /**
   * Non-blocking, so that Jetty runs a heartbeat on the thread that read it instead of handing it
   * to another thread (two context switches, a third of a heartbeat's cost on one CPU). Requests
   * for Javalin, which blocks, are handed to the server's thread pool here instead.
   */
  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String node = nodeOf(request);
    if (node == null) {
      getServer().getThreadPool().execute(() -> handleElsewhere(request, response, callback));
      return true;
    }
    new Exchange(request, response, callback, node).run();
    return true;
  }

  private void handleElsewhere(Request request, Response response, Callback callback) {
    try {
      if (!super.handle(request, response, callback)) {
        Response.writeError(request, response, callback, 404);
      }
    } catch (Throwable e) {
      Response.writeError(request, response, callback, e);
    }
  }

  /** One heartbeat: its body read as it arrives, without blocking, then answered. */
  private final class Exchange implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String node;
    private final long started = System.nanoTime();
    private byte[] body;
    private int length;
    private long received;

    Exchange(Request request, Response response, Callback callback, String node) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.node = node;
    }

    /**
     * Reads what has arrived; asks Jetty to call again when more does. A body over the limit is
     * read on and dropped, up to {@code DRAINED_BYTES}, before the 413: a client that sends its
     * whole body before reading the reply would otherwise have its connection reset under it.
     */
    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          callback.failed(chunk.getFailure());
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int size = bytes.remaining();
        received += size;
        if (received <= HttpApi.MAX_BODY_BYTES) {
          keep(bytes, size);
        }
        chunk.release();
        if (chunk.isLast() || received > DRAINED_BYTES) {
          answer(received <= HttpApi.MAX_BODY_BYTES ? whole() : null);
          return;
        }
      }
    }

    /**
     * Appends a chunk to the body, in one array sized by the request's length when it gives one (an
     * agent's does): a heartbeat's bytes are copied once. A declared length is believed up to
     * {@value #TRUSTED_LENGTH} bytes only, since the caller is not authenticated yet; beyond, the
     * array grows with what arrives.
     */
    private void keep(ByteBuffer bytes, int size) {
      if (body == null) {
        long declared = request.getLength();
        body = new byte[declared >= size && declared <= TRUSTED_LENGTH ? (int) declared : size];
      } else if (length + size > body.length) {
        body = Arrays.copyOf(body, Math.max(length + size, 2 * body.length));
      }
      bytes.get(body, length, size);
      length += size;
    }

    private byte[] whole() {
      if (body == null) {
        return new byte[0];
      }
      return length == body.length ? body : Arrays.copyOf(body, length);
    }

    /**
     * Answers the heartbeat of {@code content} (null when the body exceeds the limit) on this
     * thread, which reads every connection's requests: news it holds is applied later, on a thread
     * of the pool, as it waits for the control plane's lock ({@link ControlPlane#report}).
     */
    private void answer(byte[] content) {
      String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      try {
        Principal principal = auth.authenticate(authorization);
        route.checkRole(principal);
        if (content == null) {
          throw tooLarge();
        }
        Heartbeat heartbeat = HeartbeatReader.read(content);
        reply(plane.report(principal, node, heartbeat, getServer().getThreadPool()));
      } catch (RuntimeException e) {
        fail(e, authorization);
      }
    }

    private void reply(HeartbeatResponse answer) {
      send(200, JSON, replies.json(node, answer));
    }

    private void fail(RuntimeException e, String authorization) {
      if (e instanceof ApiProblem problem) {
        if (problem.status() == 401) {
          response
              .getHeaders()
              .put(HttpHeader.WWW_AUTHENTICATE, BearerAuth.challenge(authorization));
        }
        send(problem.status(), ApiPaths.PROBLEM_JSON, problem(problem));
      } else {
        LOG.log(Level.ERROR, "internal error on POST " + request.getHttpURI().getPath(), e);
        send(
            500,
            ApiPaths.PROBLEM_JSON,
            problem(
                new ApiProblem(
                    500,
                    "Internal error",
                    "the server failed; its log has the details",
                    List.of())));
      }
    }

    private void send(int status, String type, byte[] body) {
      metrics.requestTook(routeName, status, System.nanoTime() - started);
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  /** The node of a heartbeat's path, or null for any other request. */
  private static String nodeOf(Request request) {
    if (!HttpMethod.POST.is(request.getMethod())) {
      return null;
    }
    String path = request.getHttpURI().getDecodedPath();
    if (path != null && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1); // as Javalin ignores a trailing slash
    }
    if (path == null
        || !path.startsWith(PREFIX)
        || !path.endsWith(SUFFIX)
        || path.length() <= PREFIX.length() + SUFFIX.length()) {
      return null;
    }
    String node = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    return node.indexOf('/') >= 0 ? null : node;
  }

  private static ApiProblem tooLarge() {
    return new ApiProblem(
        413,
        "Request too large",
        "the body exceeds " + HttpApi.MAX_BODY_BYTES + " bytes",
        List.of());
  }

  private static byte[] problem(ApiProblem problem) {
    return Problems.json(problem.status(), problem.title(), problem.getMessage(), problem.fields())
        .getBytes(StandardCharsets.UTF_8);
  }
}
