package dev.wanka.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenSecretsTest {
  @Test
  void aSecretsHashIsItsSha256InLowerCaseHex() {
    // SHA-256("abc"), from FIPS 180-2's examples
    assertThat(TokenSecrets.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void hashesAreTheSameOnlyWhenEveryCharacterIs() {
    String hash = TokenSecrets.hash(TokenSecrets.newSecret());
    String lastDiffers = hash.substring(0, 63) + (hash.charAt(63) == '0' ? '1' : '0');

    assertThat(TokenSecrets.sameHash(hash, new String(hash))).isTrue();
    assertThat(TokenSecrets.sameHash(hash, lastDiffers)).isFalse();
    assertThat(TokenSecrets.sameHash(hash, hash.substring(1))).isFalse();
    assertThat(TokenSecrets.sameHash(hash, "")).isFalse();
  }
}
