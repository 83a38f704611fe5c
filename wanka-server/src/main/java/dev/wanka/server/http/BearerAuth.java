package dev.wanka.server.http;

import dev.wanka.server.auth.Principal;
import dev.wanka.server.auth.TokenRegistry;
import dev.wanka.server.control.ApiProblem;
import java.util.List;

/** Who an {@code Authorization: Bearer <token>} header speaks for, or why it is refused (401). */
final class BearerAuth {
  private static final String PREFIX = "Bearer ";

  private final TokenRegistry tokens;

  BearerAuth(TokenRegistry tokens) {
    this.tokens = tokens;
  }

  /** The caller of a request with this {@code Authorization} header (null when absent). */
  Principal authenticate(String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      throw new ApiProblem(
          401, "Unauthorized", "send a bearer token: Authorization: Bearer <token>", List.of());
    }
    return tokens
        .authenticate(header.substring(PREFIX.length()).trim())
        .orElseThrow(
            () ->
                new ApiProblem(401, "Unauthorized", "the token is unknown or revoked", List.of()));
  }

  /** The {@code WWW-Authenticate} value for a request refused with this header (RFC 6750). */
  static String challenge(String header) {
    return header == null || !header.startsWith(PREFIX)
        ? "Bearer"
        : "Bearer error=\"invalid_token\"";
  }
}
