package dev.wanka.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
