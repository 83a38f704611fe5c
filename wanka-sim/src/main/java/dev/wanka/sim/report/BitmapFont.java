package dev.wanka.sim.report;

import dev.wanka.spec.BundledText;
import java.util.HashMap;
import java.util.Map;

/**
 * The 5 × 9 bitmap font bundled for chart text in PNG files ({@code font-5x9.txt}), so that PNGs
 * render the same on a bare JDK with no font installed, where java.awt's own text can fail.
 * Printable ASCII; any other character is drawn as '?'. A glyph is 5 columns by 9 rows: capitals
 * and digits in rows 0 to 6 (so the baseline is below row 6), descenders in rows 7 and 8.
 */
final class BitmapFont {
  static final int COLUMNS = 5;
  static final int ROWS = 9;

  /** Rows above the baseline. */
  static final int ASCENT = 7;

  /** Horizontal advance per character: the glyph and one blank column. */
  static final int ADVANCE = COLUMNS + 1;

  private static final Map<Character, boolean[][]> GLYPHS = read();

  private BitmapFont() {}

  private static Map<Character, boolean[][]> read() {
    String text = BundledText.read("/dev/wanka/sim/report/font-5x9.txt", "the chart font");
    Map<Character, boolean[][]> glyphs = new HashMap<>();
    boolean[][] glyph = null;
    int row = 0;
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("//") || line.isEmpty()) {
        continue;
      }
      if (line.length() == 3 && line.charAt(0) == '[' && line.charAt(2) == ']') {
        glyph = new boolean[ROWS][COLUMNS];
        glyphs.put(line.charAt(1), glyph);
        row = 0;
        continue;
      }
      if (glyph == null || row >= ROWS || line.length() != COLUMNS) {
        throw new IllegalStateException("the chart font has a bad line: '" + line + "'");
      }
      for (int column = 0; column < COLUMNS; column++) {
        glyph[row][column] = line.charAt(column) == '#';
      }
      row++;
    }
    return glyphs;
  }

  /** The glyph of a character: rows of columns, true where there is ink. */
  static boolean[][] glyph(char c) {
    boolean[][] glyph = GLYPHS.get(c);
    return glyph != null ? glyph : GLYPHS.get('?');
  }

  /** Width of a text in font pixels, without the trailing blank column. */
  static int width(String text) {
    return text.isEmpty() ? 0 : text.length() * ADVANCE - 1;
  }
}
