package dev.wanka.server.auth;

import dev.wanka.api.Role;
import dev.wanka.api.TokenView;
import dev.wanka.server.store.Store;
import dev.wanka.server.store.TokenRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The tokens the server accepts: loaded from the store at start-up and kept in memory by hash, so
 * that authenticating a request (12,500 agents a second) costs a hash and a map look-up.
 */
public final class TokenRegistry {
  private final Store store;
  private final Map<String, TokenRow> byHash = new ConcurrentHashMap<>();

  public TokenRegistry(Store store) {
    this.store = store;
    for (TokenRow token : store.tokens()) {
      byHash.put(token.hash(), token);
    }
  }

  /** The caller a bearer secret speaks for; empty when unknown or revoked. */
  public Optional<Principal> authenticate(String secret) {
    String hash = TokenSecrets.hash(secret);
    TokenRow token = byHash.get(hash);
    if (token == null || token.revoked() || !TokenSecrets.sameHash(token.hash(), hash)) {
      return Optional.empty();
    }
    return Optional.of(
        new Principal(token.id(), token.name(), token.role(), token.tenant(), token.node()));
  }

  /**
   * Creates a token and returns it with its secret, which is not kept anywhere.
   *
   * @param tenant for USER; {@code node} for AGENT; empty otherwise (the caller has checked)
   */
  public TokenView create(String name, Role role, String tenant, String node, long nowMillis) {
    String secret = TokenSecrets.newSecret();
    TokenRow row =
        new TokenRow(
            store.nextTokenId(),
            name,
            role,
            tenant,
            node,
            TokenSecrets.hash(secret),
            nowMillis,
            false);
    store.write(w -> w.insertToken(row));
    byHash.put(row.hash(), row);
    return view(row, secret);
  }

  public Optional<TokenView> revoke(long id) {
    Optional<TokenRow> found = byHash.values().stream().filter(t -> t.id() == id).findFirst();
    found.ifPresent(
        token -> {
          store.write(w -> w.revokeToken(id));
          byHash.put(
              token.hash(),
              new TokenRow(
                  token.id(),
                  token.name(),
                  token.role(),
                  token.tenant(),
                  token.node(),
                  token.hash(),
                  token.createdAtMillis(),
                  true));
        });
    return found.map(t -> view(byHash.get(t.hash()), ""));
  }

  public List<TokenView> list() {
    return byHash.values().stream()
        .sorted((a, b) -> Long.compare(a.id(), b.id()))
        .map(t -> view(t, ""))
        .collect(Collectors.toList());
  }

  public boolean isEmpty() {
    return byHash.isEmpty();
  }

  private static TokenView view(TokenRow row, String secret) {
    return new TokenView(
        row.id(),
        row.name(),
        row.role(),
        row.tenant(),
        row.node(),
        row.createdAtMillis(),
        row.revoked(),
        secret);
  }
}
