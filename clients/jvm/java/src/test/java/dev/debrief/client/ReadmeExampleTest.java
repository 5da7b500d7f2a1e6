package dev.debrief.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs the README's example as written, against the test server. */
class ReadmeExampleTest {
  @Test
  void theReadmeExampleRuns() {
    Assumptions.assumeTrue(System.getenv("DEBRIEF_ADDR") != null, "DEBRIEF_ADDR unset");
    PrintStream stdout = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    try {
      ReadmeExample.main(new String[0]);
    } finally {
      System.setOut(stdout);
    }
    String out = buf.toString();
    stdout.print(out);
    assertTrue(out.contains("Q: "), out);
    assertTrue(out.contains("Done: "), out);
  }
}
