package dev.wanka.sim.scenario;

import dev.wanka.sim.trace.GavelTrace;
import dev.wanka.sim.trace.HeliosTrace;
import dev.wanka.sim.trace.PhillyTrace;
import dev.wanka.sim.trace.TiresiasTrace;
import dev.wanka.sim.trace.Trace;
import dev.wanka.spec.Keyword;

/** The trace formats a scenario may name, each with its reader. */
public enum TraceFormat implements Keyword {
  PHILLY("philly"),
  TIRESIAS("tiresias"),
  HELIOS("helios"),
  GAVEL("gavel");

  private final String keyword;

  TraceFormat(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }

  public Trace read(String source, String text) {
    switch (this) {
      case PHILLY:
        return PhillyTrace.read(source, text);
      case TIRESIAS:
        return TiresiasTrace.read(source, text);
      case GAVEL:
        return GavelTrace.read(source, text);
      default:
        return HeliosTrace.read(source, text);
    }
  }
}
