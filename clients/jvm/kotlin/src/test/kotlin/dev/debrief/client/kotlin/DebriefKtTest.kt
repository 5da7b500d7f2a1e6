package dev.debrief.client.kotlin

import com.google.protobuf.Value
import dev.debrief.client.DebriefException
import dev.debrief.client.InterviewEvent
import dev.debrief.client.ReconnectPolicy
import dev.debrief.client.SimUser
import dev.debrief.client.TcpProxy
import dev.debrief.v1.CreateSessionRequest
import dev.debrief.v1.ListSessionsRequest
import dev.debrief.v1.MessageKind
import dev.debrief.v1.MessageRole
import dev.debrief.v1.Session
import dev.debrief.v1.SessionState
import dev.debrief.v1.Subject
import io.grpc.Status
import java.time.Duration
import java.util.UUID
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The Kotlin client against the real server that tests/jvm/test_kotlin.py
 * starts (DEBRIEF_ADDR, DEBRIEF_TOKEN); skipped without it, which that
 * wrapper counts as a failure.
 */
class DebriefKtTest {
  companion object {
    lateinit var addr: String
    lateinit var token: String
    var client: DebriefKt? = null

    @JvmStatic
    @BeforeAll
    fun connect() {
      val a = System.getenv("DEBRIEF_ADDR")
      val t = System.getenv("DEBRIEF_TOKEN")
      Assumptions.assumeTrue(a != null && t != null, "DEBRIEF_ADDR and DEBRIEF_TOKEN unset")
      addr = a
      token = t
      client = DebriefKt.build { target(addr).plaintext().token(token) }
    }

    @JvmStatic
    @AfterAll
    fun disconnect() {
      client?.close()
    }
  }

  private val c: DebriefKt
    get() = client!!

  private suspend fun newSession(key: String): Session =
      c.createSession(
          CreateSessionRequest.newBuilder()
              .setTemplateSlug("sales_debrief")
              .setSubject(Subject.newBuilder().setKind("meeting").setKey(key).setTitle("Demo"))
              .build())

  @Test
  fun listsSessionsAsAFlowOfPages() = runBlocking {
    val key = "account:kt-" + UUID.randomUUID()
    val made = (1..3).map { newSession(key).id }.reversed() // newest first
    val filter = ListSessionsRequest.newBuilder().setSubjectKey(key).setPageSize(2).build()
    assertEquals(made, c.listSessions(filter).toList().map { it.id })
    assertEquals(SessionState.SESSION_STATE_CREATED, c.getSession(made[0]).state)
  }

  @Test
  fun failuresAndDeadlinesThrowWithTheCode() = runBlocking {
    val missing = assertThrows<DebriefException> { c.getSession(UUID.randomUUID().toString()) }
    assertEquals(Status.Code.NOT_FOUND, missing.code())
    val id = newSession("account:kt-deadline").id
    val late = assertThrows<DebriefException> { c.withDeadline(Duration.ofNanos(1)).getSession(id) }
    assertEquals(Status.Code.DEADLINE_EXCEEDED, late.code())
  }

  /**
   * A refused control or edit is an [InterviewEvent.Rejected] in the flow,
   * which goes on: pause twice, resume, an edit of an unknown field, an answer.
   */
  @Test
  fun aRefusedControlOrEditIsARejectedEvent() = runBlocking {
    val s = newSession("account:kt-rejected-" + UUID.randomUUID())
    val rejected = mutableListOf<InterviewEvent.Rejected>()
    var edit = ""
    var sent = ""
    var step = 0
    c.interview(s.id).use { iv ->
      withTimeout(60_000) {
        iv.events.first { ev ->
          when {
            step == 0 && ev is InterviewEvent.QuestionAsked -> {
              iv.pause()
              step = 1
            }
            step == 1 && ev is InterviewEvent.StateChanged -> {
              assertEquals(SessionState.SESSION_STATE_PAUSED, ev.state())
              iv.pause() // again: refused, the flow goes on
              step = 2
            }
            step == 2 && ev is InterviewEvent.Rejected -> {
              rejected += ev
              iv.resume()
              step = 3
            }
            step == 3 && ev is InterviewEvent.StateChanged -> {
              assertEquals(SessionState.SESSION_STATE_ACTIVE, ev.state())
              edit = iv.editField("no_such_field", Value.newBuilder().setStringValue("x").build())
              step = 4
            }
            step == 4 && ev is InterviewEvent.Rejected -> {
              rejected += ev
              sent = iv.answer("Northwind, we met their CFO on Tuesday.")
              step = 5
            }
          }
          step == 5 && ev is InterviewEvent.AnswerAcked && ev.clientMsgId() == sent
        }
      }
      assertTrue(iv.unackedIds.isEmpty(), "unacked: ${iv.unackedIds}")
    }
    assertEquals(
        listOf(Status.Code.FAILED_PRECONDITION to "control", Status.Code.INVALID_ARGUMENT to "edit_field"),
        rejected.map { it.code() to it.frame() })
    assertTrue("PAUSED" in rejected[0].message(), rejected[0].message())
    assertEquals(edit, rejected[1].clientMsgId())
  }

  /** A whole interview collected as a Flow, with two real connection drops. */
  @Test
  fun aWholeInterviewFlowSurvivesDroppedConnections() = runBlocking {
    val s = newSession("account:kt-interview-" + UUID.randomUUID())
    val user = SimUser("debrief-sample-1")
    val sent = LinkedHashMap<String, String>()
    var reconnects = 0
    var finished: InterviewEvent.Finished? = null
    TcpProxy(addr).use { proxy ->
      DebriefKt.build {
            target(proxy.address())
                .plaintext()
                .token(token)
                .reconnect(ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(500), 10))
          }
          .use { viaProxy ->
            viaProxy.interview(s.id).use { iv ->
              withTimeout(120_000) {
                iv.events.collect { ev ->
                  when (ev) {
                    is InterviewEvent.QuestionAsked -> {
                      assertTrue(sent.size < 40, "the interview never completed")
                      val text =
                          if (sent.isEmpty()) user.opening
                          else user.reply(ev.question().targetFieldsList)
                      if (sent.size == 3) proxy.blackhole.set(true)
                      sent[iv.answer(text)] = text
                      if (sent.size == 2 || sent.size == 4) {
                        if (sent.size == 4) Thread.sleep(200)
                        proxy.cut()
                        proxy.blackhole.set(false)
                      }
                    }
                    is InterviewEvent.Reconnecting -> reconnects++
                    is InterviewEvent.Finished -> finished = ev
                    else -> {}
                  }
                }
              }
              assertTrue(iv.unackedIds.isEmpty(), "unacked: ${iv.unackedIds}")
            }
          }
    }
    assertNotNull(finished, "no completion event")
    assertTrue(reconnects >= 2, "reconnects: $reconnects")
    val answers =
        c.history(s.id).toList().filter {
          it.role == MessageRole.MESSAGE_ROLE_USER && it.kind == MessageKind.MESSAGE_KIND_ANSWER
        }
    assertEquals(sent.keys.toList(), answers.map { it.clientMsgId }, "each answer stored once")
    assertEquals(sent.values.toList(), answers.map { it.text })
    assertEquals(SessionState.SESSION_STATE_COMPLETED, c.getSession(s.id).state)
  }
}
