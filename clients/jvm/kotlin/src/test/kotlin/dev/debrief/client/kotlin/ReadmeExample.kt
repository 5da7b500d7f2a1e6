// The Kotlin example of clients/jvm/README.md, verbatim (tests/jvm checks that it stays so).
package dev.debrief.client.kotlin

import dev.debrief.client.InterviewEvent
import dev.debrief.v1.CreateSessionRequest
import kotlinx.coroutines.runBlocking

// README begin
fun main() = runBlocking {
  DebriefKt.build { target(System.getenv("DEBRIEF_ADDR")).plaintext().token(System.getenv("DEBRIEF_TOKEN")) }.use { client ->
    val s = client.createSession(CreateSessionRequest.newBuilder().setTemplateSlug("sales_debrief").build())
    client.interview(s.id).use { iv ->
      var asked = 0
      iv.events.collect { ev ->
        when (ev) {
          is InterviewEvent.QuestionAsked -> if (asked++ == 0) iv.answer("The Acme demo went well; their budget is \$50k.") else iv.finish()
          is InterviewEvent.Finished -> println("Done: " + ev.completed().extractedList.map { it.key })
          else -> {}
        }
      }
    }
  }
}
// README end
