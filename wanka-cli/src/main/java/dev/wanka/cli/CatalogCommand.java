package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.catalog.Precision;
import dev.wanka.spec.Suggestions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wanka catalog}: list accelerators; {@code wanka catalog show ID}: one in full. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "List the accelerator catalog (dense per-chip figures with sources).",
    subcommands = CatalogCommand.Show.class)
final class CatalogCommand implements Callable<Integer> {

  @ParentCommand WankaCommand root;

  @Spec CommandSpec spec;

  @Option(names = "--vendor", paramLabel = "V", description = "Only this vendor (ignoring case).")
  String vendor;

  @Option(names = "--json", description = "Print a JSON array of entries (a valid --catalog file).")
  boolean json;

  @Override
  public Integer call() {
    Catalog catalog = root.catalog();
    List<Accelerator> entries = catalog.all();
    if (vendor != null) {
      entries = catalog.byVendor(vendor);
      if (entries.isEmpty()) {
        throw new UsageException(
            "--vendor '"
                + vendor
                + "' matches no entry; vendors: "
                + String.join(", ", catalog.vendors())
                + Suggestions.didYouMean(vendor, catalog.vendors()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, entries.stream().map(AcceleratorView::json).toList());
      return ExitCodes.OK;
    }
    TextTable table =
        new TextTable(
            "ID",
            "VENDOR",
            "MODEL",
            "BF16>",
            "FP8>",
            "INT8>",
            "MEM GB>",
            "TB/s>",
            "SCALE-UP",
            "GB/s EACH WAY>",
            "DOMAIN>",
            "NIC Gb/s>",
            "TDP W>",
            "YEAR>",
            "CONFIDENCE");
    for (Accelerator a : entries) {
      table.row(
          a.id(),
          a.vendor(),
          a.model(),
          AcceleratorView.cell(a.peak(Precision.BF16)),
          AcceleratorView.cell(a.peak(Precision.FP8)),
          AcceleratorView.cell(a.peak(Precision.INT8)),
          AcceleratorView.cell(a.memoryGB()),
          AcceleratorView.cell(a.memoryTBps()),
          a.scaleUp().name(),
          AcceleratorView.cell(a.scaleUp().bytesPerSecondEachWay().times(1e-9)),
          AcceleratorView.cell(a.scaleUp().domainSize()),
          AcceleratorView.cell(a.scaleOutGbps()),
          AcceleratorView.cell(a.tdpWatts()),
          a.year(),
          a.confidence().keyword());
    }
    table.print(out, "");
    out.println();
    out.println(
        entries.size()
            + " accelerators. Dense peak TFLOPS (INT8: TOPS) per chip; ? = not published"
            + " (reason in 'wanka catalog show ID'), - = not supported by the hardware.");
    return ExitCodes.OK;
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one accelerator in full, with sources and the reasons for unknowns.")
  static final class Show implements Callable<Integer> {
    @ParentCommand CatalogCommand parent;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Catalog id or alias, e.g. h100-sxm (any case).")
    String id;

    @Option(names = "--json", description = "Print the entry as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      Catalog catalog = parent.root.catalog();
      Accelerator a =
          catalog.find(id).orElseThrow(() -> new UsageException(catalog.notFoundMessage(id)));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, AcceleratorView.json(a));
        return ExitCodes.OK;
      }
      out.println(a.vendor() + " " + a.model() + " (" + a.id() + ")");
      line(out, "aliases", a.aliases().isEmpty() ? "none" : String.join(", ", a.aliases()));
      line(out, "year", Integer.toString(a.year()));
      for (Precision precision : Precision.values()) {
        line(
            out,
            precision.keyword() + " peak",
            a.peak(precision).describe(precision.teraUnit() + " dense"));
      }
      line(
          out, "memory", a.memoryGB().describe("GB") + a.memoryType().map(t -> " " + t).orElse(""));
      line(out, "memory bandwidth", a.memoryTBps().describe("TB/s"));
      line(
          out,
          "scale-up",
          a.scaleUp().name()
              + ", "
              + a.scaleUp().gbytesPerSecond().describe("GB/s")
              + " "
              + a.scaleUp().direction().keyword()
              + " per chip ("
              + a.scaleUp().bytesPerSecondEachWay().times(1e-9).describe("GB/s")
              + " each way)");
      line(out, "scale-up domain", a.scaleUp().domainSize().describe("chips"));
      line(out, "scale-out", a.scaleOutGbps().describe("Gb/s per chip"));
      line(out, "TDP", a.tdpWatts().describe("W"));
      line(out, "confidence", a.confidence().keyword());
      line(out, "source", a.source());
      a.notes().ifPresent(notes -> line(out, "notes", notes));
      line(out, "defined at", a.origin().toString());
      return ExitCodes.OK;
    }

    private static void line(PrintWriter out, String label, String value) {
      out.printf("  %-17s %s%n", label, value);
    }
  }
}
