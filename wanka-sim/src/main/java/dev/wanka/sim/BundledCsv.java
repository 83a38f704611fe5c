package dev.wanka.sim;

import dev.wanka.spec.BundledText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comma-separated table bundled with Wanka (published statistics and measurements, each beside
 * its provenance): its rows as maps from column name to text, blank lines skipped. Bundled tables
 * hold no quoted commas.
 */
public final class BundledCsv {
  private BundledCsv() {}

  /**
   * @param resource the absolute resource path
   * @param what names the table in the message if it is missing
   */
  public static List<Map<String, String>> rows(String resource, String what) {
    String[] lines = BundledText.read(resource, what).split("\r?\n");
    List<String> header = Arrays.asList(lines[0].split(",", -1));
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] fields = lines[i].split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), fields[c]);
      }
      rows.add(row);
    }
    return rows;
  }
}
