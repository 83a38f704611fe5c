package dev.wanka.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TraceReadersTest {
  private static String resource(String name) throws IOException {
    try (InputStream in = TraceReadersTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void phillyJobsComeInSubmissionOrderWithTimesFromTheFirstSubmission() {
    Trace trace =
        PhillyTrace.read(
            "philly.csv",
            """
            timestamp,duration,num_gpus,gpu_time,cluster
            2017-10-09 07:01:55,66.0,1,66.0,11cb48
            2017-10-09 06:13:03,2951.0,4,11804.0,6214e9
            2017-10-09 06:13:03,10.0,2,20.0,6214e9
            2017-10-09 06:14:00,0.0,8,0.0,6214e9
            """);
    assertThat(trace.jobs())
        .extracting(TraceJob::id, TraceJob::submitSeconds, TraceJob::devices, TraceJob::group)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("line-3", 0L, 4, "6214e9"),
            org.assertj.core.groups.Tuple.tuple("line-4", 0L, 2, "6214e9"),
            org.assertj.core.groups.Tuple.tuple("line-2", 2932L, 1, "11cb48"));
    assertThat(trace.jobs().get(0).durationSeconds()).isEqualTo(2951);
    assertThat(trace.neverRan()).as("the row with duration 0").isEqualTo(1);
  }

  @Test
  void everyBadFieldIsReportedWithItsLineColumnAndWhatIsAllowed() {
    SpecException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SpecException.class,
            () ->
                PhillyTrace.read(
                    "philly.csv",
                    """
                    timestamp,duration,num_gpus,gpu_time,cluster
                    2017-10-09 07:01:55,66.0,two,66.0,a
                    yesterday,12.5,1,12.5,a
                    2017-10-09 07:01:55,66.0,1
                    """));
    assertThat(e.problems())
        .extracting(SpecProblem::format)
        .containsExactly(
            "philly.csv:2:1: num_gpus: 'two' is not allowed: must be a whole number from 1 to"
                + " 1000000",
            "philly.csv:3:1: timestamp: 'yesterday' is not allowed: must be a time as yyyy-MM-dd"
                + " HH:mm:ss",
            "philly.csv:3:1: duration: '12.5' is not allowed: must be a whole number from 0 to"
                + " 2305843009213693951",
            "philly.csv:4:1: row: 3 fields, but the header has 5");
  }

  @Test
  void timesMustBeOnTheCalendarAndWrittenInFull() {
    assertThatThrownBy(
            () ->
                PhillyTrace.read(
                    "philly.csv",
                    "timestamp,duration,num_gpus,gpu_time,cluster\r\n"
                        + "2017-02-30 10:00:00,66.0,1,66.0,a\r\n"
                        + "2017-10-09 7:01:55,66.0,1,66.0,a\r\n"
                        + "2017-10-09T07:01:55,66.0,1,66.0,a\r\n"))
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .extracting(SpecProblem::format)
                    .containsExactly(
                        "philly.csv:2:1: timestamp: '2017-02-30 10:00:00' is not allowed: must be a time as"
                            + " yyyy-MM-dd HH:mm:ss",
                        "philly.csv:3:1: timestamp: '2017-10-09 7:01:55' is not allowed: must be a time as"
                            + " yyyy-MM-dd HH:mm:ss",
                        "philly.csv:4:1: timestamp: '2017-10-09T07:01:55' is not allowed: must be a time as"
                            + " yyyy-MM-dd HH:mm:ss"));
    // 2017-12-31 23:59:59 is 86,399 s after 2017-12-31 00:00:00, whatever the line ends
    Trace trace =
        PhillyTrace.read(
            "philly.csv",
            "timestamp,duration,num_gpus,gpu_time,cluster\r\n"
                + "2017-12-31 00:00:00,1,1,1,a\r\n"
                + "2017-12-31 23:59:59,1,1,1,a\n");
    assertThat(trace.jobs()).extracting(TraceJob::submitSeconds).containsExactly(0L, 86_399L);
  }

  @Test
  void aMissingColumnIsNamedWithTheHeaderFound() {
    assertThatThrownBy(() -> TiresiasTrace.read("jobs.csv", "job_id,submit_time\n1,0\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            "jobs.csv:1:1: header: missing column 'num_gpu'; the header has job_id, submit_time");
  }

  @Test
  void readsTheTiresiasSixtyJobTrace() throws IOException {
    Trace trace = TiresiasTrace.read("tiresias_60_job.csv", resource("tiresias_60_job.csv"));
    assertThat(trace.jobs()).hasSize(60);
    TraceJob first = trace.jobs().get(0);
    assertThat(first).isEqualTo(new TraceJob("0", 0, 1, 0, 164, "", "vgg19"));
    assertThat(trace.jobs().get(1)).isEqualTo(new TraceJob("1", 30, 8, 0, 147, "", "vgg11"));
    assertThat(trace.neverRan()).isZero();
  }

  @Test
  void heliosJobsKeepTheirVirtualClusterAndCpuJobsHaveNoDevices() {
    Trace trace =
        HeliosTrace.read(
            "cluster_log.csv",
            """
            job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,start_time,end_time,duration,queue
            j1,u1,vcA,8,48,1,COMPLETED,2020-04-01 00:00:10,2020-04-01 00:00:12,2020-04-01 01:00:12,3600,2
            j2,u2,vcB,0,4,1,COMPLETED,2020-04-01 00:00:00,2020-04-01 00:00:00,2020-04-01 00:00:30,30,0
            j3,u2,vcB,1,6,1,CANCELLED,2020-04-01 00:01:00,,,0,0
            """);
    assertThat(trace.jobs())
        .containsExactly(
            new TraceJob("j2", 0, 0, 4, 30, "vcB", ""),
            new TraceJob("j1", 10, 8, 48, 3600, "vcA", ""));
    assertThat(trace.neverRan()).isEqualTo(1);
  }

  @Test
  void gavelJobsRunTheirStepsAtTheirMeasuredV100ThroughputAndKeepTheOtherGpusSpeeds() {
    Trace trace =
        GavelTrace.read(
            "6214e9.trace",
            String.join(
                "\n",
                "Transformer (batch size 128)\tcd %s && python3 train.py\t-step\t1\t95121"
                    + "\t12.700000\t1",
                "ResNet-50 (batch size 128)\tcd %s && python3 main.py\t--num_minibatches\t1"
                    + "\t47442\t10.000000\t2",
                "A3C\tcd %s && python3 main.py\t--max-steps\t0\t10000\t1\t1.0\t-1\t20.5",
                ""));
    // 95,121 steps at 5.4461 steps/s on a V100 = 17,465.9 s, rounded up; P100 and K80 as
    // measured relative to the V100
    TraceJob transformer = trace.jobs().get(1);
    assertThat(transformer.id()).isEqualTo("line-1");
    assertThat(transformer.submitSeconds())
        .as("12.7 s, rounded down, after the first arrival at 10 s")
        .isEqualTo(2);
    assertThat(transformer.durationSeconds()).isEqualTo(17_466);
    assertThat(transformer.devices()).isEqualTo(1);
    assertThat(transformer.model()).isEqualTo("Transformer (batch size 128)");
    assertThat(transformer.relativeSpeeds())
        .containsOnlyKeys("v100", "p100", "k80")
        .containsEntry("v100", 1.0);
    assertThat(transformer.relativeSpeeds().get("p100")).isCloseTo(0.56435, within(1e-5));
    assertThat(transformer.relativeSpeeds().get("k80")).isCloseTo(0.18024, within(1e-5));
    // two GPUs: 47,442 steps at 4.2230 steps/s = 11,234.2 s; it does not fit on a K80
    TraceJob resnet = trace.jobs().get(0);
    assertThat(resnet.devices()).isEqualTo(2);
    assertThat(resnet.durationSeconds()).isEqualTo(11_235);
    assertThat(resnet.relativeSpeeds()).containsOnlyKeys("v100", "p100");
    // the 9-column layout; scale factor 1 of A3C measured only: 7.1758 steps/s x 1, so
    // 10,000 steps take 1,393.6 s
    TraceJob a3c = trace.jobs().get(2);
    assertThat(a3c.submitSeconds()).isEqualTo(10);
    assertThat(a3c.durationSeconds()).isEqualTo(1_394);
  }

  @Test
  void aGavelScaleFactorTheTableLacksScalesTheLargestMeasuredOneLinearly() {
    Trace trace = GavelTrace.read("t.trace", "A3C\tcmd\t--max-steps\t0\t10000\t0.0\t4\n");
    // 4 x 7.1758 steps/s = 28.703 steps/s: 10,000 steps in 348.4 s
    assertThat(trace.jobs().get(0).durationSeconds()).isEqualTo(349);
    assertThat(trace.jobs().get(0).devices()).isEqualTo(4);
  }

  @Test
  void badGavelRowsAreReportedAtTheirLines() {
    SpecException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SpecException.class,
            () ->
                GavelTrace.read(
                    "bad.trace",
                    String.join(
                        "\n",
                        "GPT-5\tcmd\t-step\t1\t100\t0.0\t1",
                        "A3C\tcmd\t-step\t1\t100\t0.0",
                        "A3C\tcmd\t-step\t1\t100\tsoon\t0")));
    assertThat(e.problems())
        .extracting(SpecProblem::format)
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .startsWith(
                        "bad.trace:1:1: job_type: 'GPT-5' has no v100 throughput in Gavel's"
                            + " table; allowed: A3C, CycleGAN, LM (batch size 10),"),
            second ->
                assertThat(second)
                    .isEqualTo(
                        "bad.trace:2:1: row: 6 tab-separated fields; a Gavel trace row has 7"
                            + " (job_type, command, num_steps_arg, needs_data_dir, total_steps,"
                            + " arrival_time, scale_factor) or 9"),
            third ->
                assertThat(third)
                    .isEqualTo(
                        "bad.trace:3:1: arrival_time: 'soon' is not allowed: must be a number"
                            + " from 0.0 to 1.0E12"),
            fourth ->
                assertThat(fourth)
                    .isEqualTo(
                        "bad.trace:3:1: scale_factor: '0' is not allowed: must be a whole number"
                            + " from 1 to 1000000"));
  }

  @Test
  void readsTheExampleGavelTrace() throws IOException {
    String text =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("../examples/traces/gavel/6214e9.trace"));
    Trace trace = GavelTrace.read("6214e9.trace", text);
    assertThat(trace.jobs()).hasSize(2_000);
    assertThat(trace.jobs())
        .allSatisfy(job -> assertThat(job.relativeSpeeds()).containsKey("v100"));
    assertThat(trace.jobs().get(0).submitSeconds()).isZero();
  }
}
