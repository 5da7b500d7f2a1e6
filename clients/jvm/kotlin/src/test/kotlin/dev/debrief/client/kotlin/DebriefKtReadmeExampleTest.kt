package dev.debrief.client.kotlin

import java.io.ByteArrayOutputStream
import java.io.PrintStream
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions
import org.junit.jupiter.api.Test

/** Runs the README's Kotlin example as written, against the test server. */
class DebriefKtReadmeExampleTest {
  @Test
  fun theReadmeExampleRuns() {
    Assumptions.assumeTrue(System.getenv("DEBRIEF_ADDR") != null, "DEBRIEF_ADDR unset")
    val stdout = System.out
    val buf = ByteArrayOutputStream()
    System.setOut(PrintStream(buf, true))
    try {
      main()
    } finally {
      System.setOut(stdout)
    }
    val out = buf.toString()
    print(out)
    assertTrue(out.contains("Done: "), out)
  }
}
