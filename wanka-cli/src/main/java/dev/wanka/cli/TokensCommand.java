package dev.wanka.cli;

import dev.wanka.api.Role;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.TokenView;
import dev.wanka.spec.Suggestions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code wanka tokens create|list|revoke}: bearer tokens (an admin's business). */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke bearer tokens (admin only).",
    subcommands = {
      TokensCommand.Create.class,
      TokensCommand.ListTokens.class,
      TokensCommand.Revoke.class
    })
final class TokensCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static String orDash(String value) {
    return value == null || value.isBlank() ? "-" : value;
  }

  private static String role(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a token and print its secret, once: the server keeps only a hash.")
  static final class Create extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "What the token is for, e.g. ci-bot or alice.")
    String name;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        converter = RoleKeyword.class,
        completionCandidates = RoleKeyword.class,
        description =
            "user (acts for one tenant, needs --tenant), admin (everything) or agent (reports for"
                + " one node, needs --node).")
    Role role;

    @Option(names = "--tenant", paramLabel = "T", description = "The tenant a user token acts for.")
    String tenant = "";

    @Option(
        names = "--node",
        paramLabel = "N",
        description = "The node an agent token reports for.")
    String node = "";

    @Override
    public Integer call() {
      TokenView token = client().createToken(new TokenRequest(name, role, tenant, node));
      return print(token, out -> printCreated(out, token));
    }

    private static void printCreated(PrintWriter out, TokenView token) {
      String scope =
          token.role() == Role.USER
              ? ", tenant " + token.tenant()
              : token.role() == Role.AGENT ? ", node " + token.node() : "";
      out.println(
          "token "
              + token.id()
              + " "
              + token.name()
              + " created ("
              + role(token.role())
              + scope
              + ")");
      out.println("secret: " + token.secret());
      out.println("Keep the secret now: it is not shown again (the server stores only its hash).");
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List tokens (never their secrets): ID NAME ROLE TENANT NODE AGE STATUS.")
  static final class ListTokens extends ClientCommand {
    @Override
    public Integer call() {
      List<TokenView> tokens = client().tokens();
      return print(tokens, out -> table(out, tokens, clock()));
    }

    static void table(PrintWriter out, List<TokenView> tokens, Clock clock) {
      TextTable table = new TextTable("ID>", "NAME", "ROLE", "TENANT", "NODE", "AGE", "STATUS");
      for (TokenView token : tokens) {
        table.row(
            token.id(),
            token.name(),
            role(token.role()),
            orDash(token.tenant()),
            orDash(token.node()),
            Ages.since(token.createdAtMillis(), clock),
            token.revoked() ? "revoked" : "active");
      }
      table.print(out, "");
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a token: the server refuses it from now on.")
  static final class Revoke extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The token's id, as `wanka tokens list` shows it.")
    long id;

    @Override
    public Integer call() {
      TokenView token = client().revokeToken(id);
      return print(
          token, out -> out.println("token " + token.id() + " " + token.name() + " revoked"));
    }
  }

  /** {@code --role}: user, admin or agent, in any case. */
  static final class RoleKeyword implements ITypeConverter<Role>, Iterable<String> {
    @Override
    public Role convert(String value) {
      String keyword = value.strip().toLowerCase(Locale.ROOT);
      for (Role role : Role.values()) {
        if (role(role).equals(keyword)) {
          return role;
        }
      }
      throw new TypeConversionException(
          "'"
              + value
              + "' is not allowed: must be one of "
              + String.join(", ", this)
              + Suggestions.didYouMean(keyword, keywords()));
    }

    @Override
    public Iterator<String> iterator() {
      return keywords().iterator();
    }

    private static List<String> keywords() {
      return Arrays.stream(Role.values()).map(TokensCommand::role).toList();
    }
  }
}
