package dev.wanka.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token secrets: 32 random bytes, shown once; only their SHA-256 is stored, and hashes are compared
 * in constant time.
 */
public final class TokenSecrets {
  /** Every secret starts so, which lets secret scanners recognise a leaked one. */
  public static final String PREFIX = "wk_";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One digest per thread: {@code getInstance} looks the provider up reflectively each time. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(TokenSecrets::newSha256);

  private TokenSecrets() {}

  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of a secret, in lower-case hex. */
  public static String hash(String secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  /** Whether two hex hashes are equal, in time that does not depend on where they differ. */
  public static boolean sameHash(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < a.length(); i++) {
      difference |= a.charAt(i) ^ b.charAt(i);
    }
    return difference == 0;
  }

  private static byte[] sha256(String secret) {
    return SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
