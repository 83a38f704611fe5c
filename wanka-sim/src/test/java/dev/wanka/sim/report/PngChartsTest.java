package dev.wanka.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngChartsTest {
  private static final int BLUE = 0x0072B2;
  private static final int ORANGE = 0xE69F00;
  private static final int INK = 0x222222;

  private static BufferedImage decode(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).as("decodes as an image").isNotNull();
    return image;
  }

  private static int rgb(BufferedImage image, double x, double y) {
    return image.getRGB((int) (x * PngLineChart.SCALE), (int) (y * PngLineChart.SCALE)) & 0xFFFFFF;
  }

  private static int count(BufferedImage image, int colour, int fromX, int toX) {
    int n = 0;
    for (int x = fromX; x < toX; x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == colour) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void eachSeriesIsDrawnInItsColourWhereTheChartPutsIt() throws Exception {
    LineChart.Series flat = new LineChart.Series("flat", new double[] {0, 10}, new double[] {2, 2});
    LineChart.Series rising =
        new LineChart.Series("rising", new double[] {0, 10}, new double[] {0, 4});
    LineChart chart = new LineChart("c", "Title", "x", "y", List.of(flat, rising), false);
    BufferedImage image = decode(PngLineChart.png(chart));
    assertThat(image.getWidth()).isEqualTo(1440);
    assertThat(image.getHeight()).isEqualTo(640);
    assertThat(rgb(image, chart.px(3), chart.py(2))).isEqualTo(BLUE);
    assertThat(rgb(image, chart.px(3), chart.py(3.5))).as("nothing there").isEqualTo(0xFFFFFF);
    // left of the legend, the solid line crosses every column of pixels, the dashed one most
    int plotLeft = LineChart.LEFT * 2 + 4;
    int legendLeft = LineChart.legendX() * 2 - 8;
    assertThat(count(image, BLUE, plotLeft, legendLeft)).isGreaterThan(legendLeft - plotLeft);
    assertThat(count(image, ORANGE, plotLeft, legendLeft)).isGreaterThan(legendLeft - plotLeft);
    assertThat(count(image, INK, 0, image.getWidth())).as("text is drawn").isGreaterThan(500);
  }

  @Test
  void aScenarioGivesFourPngChartsOfTheReportsSize() throws Exception {
    Map<String, byte[]> files = PngCharts.render(HtmlReportTest.result("demo", 3600, 4200));
    assertThat(files.keySet())
        .containsExactly("utilization.png", "queue.png", "fragmentation.png", "jct-cdf.png");
    for (byte[] png : files.values()) {
      BufferedImage image = decode(png);
      assertThat(image.getWidth()).isEqualTo(1440);
      assertThat(image.getHeight()).isEqualTo(640);
      assertThat(count(image, BLUE, LineChart.LEFT * 2 + 4, LineChart.legendX() * 2 - 8))
          .isPositive();
    }
  }

  @Test
  void theFontHasEveryPrintableAsciiCharacterAndDrawsOthersAsAQuestionMark() {
    boolean[][] question = BitmapFont.glyph('?');
    for (char c = '!'; c <= '~'; c++) {
      boolean inked = false;
      for (boolean[] row : BitmapFont.glyph(c)) {
        for (boolean pixel : row) {
          inked |= pixel;
        }
      }
      assertThat(inked).as("'%s' has ink", c).isTrue();
      if (c != '?') {
        assertThat(BitmapFont.glyph(c)).as("'%s' has its own glyph", c).isNotSameAs(question);
      }
    }
    assertThat(BitmapFont.glyph('é')).isSameAs(question);
    assertThat(BitmapFont.width("ab")).isEqualTo(11);
  }
}
