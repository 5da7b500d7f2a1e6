// The Kotlin face of the debrief client: suspend functions and Flows.
package dev.debrief.client.kotlin

import com.google.protobuf.Value
import dev.debrief.client.DebriefClient
import dev.debrief.client.DebriefException
import dev.debrief.client.Interview
import dev.debrief.client.InterviewEvent
import dev.debrief.v1.CreateSessionRequest
import dev.debrief.v1.GetSessionHistoryRequest
import dev.debrief.v1.GetSessionRequest
import dev.debrief.v1.ListSessionsRequest
import dev.debrief.v1.Message
import dev.debrief.v1.Session
import dev.debrief.v1.SessionServiceGrpcKt.SessionServiceCoroutineStub
import io.grpc.StatusException
import io.grpc.StatusRuntimeException
import java.io.Closeable
import java.time.Duration
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runInterruptible

/**
 * A debrief client for coroutines, over [DebriefClient] (which it owns and
 * closes): the same channel, token provider, per-call deadline and
 * reconnect policy. Unary calls suspend (generated coroutine stubs);
 * listings are cold [Flow]s that fetch a page at a time; failures throw
 * [DebriefException].
 *
 * ```
 * DebriefKt.build { target("localhost:50051").plaintext().token(token) }.use { c -> ... }
 * ```
 */
class DebriefKt(val client: DebriefClient) : Closeable {
  companion object {
    /** Builds the Java client with [configure] and wraps it. */
    fun build(configure: DebriefClient.Builder.() -> Unit): DebriefKt =
        DebriefKt(DebriefClient.builder().apply(configure).build())
  }

  /** The same client with another per-call deadline. */
  fun withDeadline(deadline: Duration): DebriefKt = DebriefKt(client.withDeadline(deadline))

  private fun sessions(): SessionServiceCoroutineStub =
      SessionServiceCoroutineStub(client.channel())
          .withCallCredentials(client.callCredentials())
          .withDeadlineAfter(client.deadline().toNanos(), TimeUnit.NANOSECONDS)

  suspend fun createSession(request: CreateSessionRequest): Session = call {
    sessions().createSession(request).session
  }

  suspend fun getSession(sessionId: String): Session = call {
    sessions().getSession(GetSessionRequest.newBuilder().setSessionId(sessionId).build()).session
  }

  /** The visible sessions matching [filter], newest first, a page at a time. */
  fun listSessions(filter: ListSessionsRequest = ListSessionsRequest.getDefaultInstance()): Flow<Session> =
      pages({ token -> sessions().listSessions(filter.toBuilder().setPageToken(token).build()) },
          { it.sessionsList to it.nextPageToken })

  /** The persisted transcript of a session in seq order, a page at a time. */
  fun history(sessionId: String): Flow<Message> {
    val base = GetSessionHistoryRequest.newBuilder().setSessionId(sessionId).build()
    return pages({ token -> sessions().getSessionHistory(base.toBuilder().setPageToken(token).build()) },
        { it.messagesList to it.nextPageToken })
  }

  /** Opens an interview; see [InterviewKt]. [resumeAfterSeq] < 0 starts at the snapshot. */
  fun interview(sessionId: String, resumeAfterSeq: Long = -1): InterviewKt =
      InterviewKt(
          if (resumeAfterSeq < 0) client.interview(sessionId)
          else client.interview(sessionId, resumeAfterSeq))

  override fun close() = client.close()
}

private fun <R, T> pages(fetch: suspend (String) -> R, split: (R) -> Pair<List<T>, String>): Flow<T> =
    flow {
      var token = ""
      do {
        val (items, next) = split(call { fetch(token) })
        items.forEach { emit(it) }
        token = next
      } while (token.isNotEmpty())
    }

private suspend fun <T> call(rpc: suspend () -> T): T =
    try {
      rpc()
    } catch (e: StatusException) {
      throw DebriefException.of(e)
    } catch (e: StatusRuntimeException) {
      throw DebriefException.of(e)
    }

/**
 * An interview as a [Flow] of [InterviewEvent]s, over the Java [Interview]
 * (the same reconnects, resume and re-sent answers). Collect [events] once;
 * the flow completes after [InterviewEvent.Finished] and throws
 * [DebriefException] if the interview fails. Sending is thread-safe.
 */
class InterviewKt internal constructor(val interview: Interview) : Closeable {
  val events: Flow<InterviewEvent> = flow {
    while (true) {
      val ev = runInterruptible(Dispatchers.IO) { interview.next() } ?: break
      emit(ev)
    }
  }

  /** Answers the pending question; returns the answer's client_msg_id. */
  fun answer(text: String): String = interview.answer(text)

  /** Answers question [questionId]; returns the answer's client_msg_id. */
  fun answer(text: String, questionId: String): String = interview.answer(text, questionId)

  /** The user is done: the server completes the session now. */
  fun finish() = interview.finish()

  fun pause() = interview.pause()

  fun resume() = interview.resume()

  /** Skips the pending question's fields. */
  fun skip() = interview.skip()

  /**
   * Corrects an extracted field; returns the edit's client_msg_id, which an
   * [InterviewEvent.Rejected] names if the server refuses the value.
   */
  fun editField(key: String, value: Value): String = interview.editField(key, value)

  /** Keeps the session alive without an answer. */
  fun heartbeat() = interview.heartbeat()

  val lastSeq: Long
    get() = interview.lastSeq()

  val unackedIds: List<String>
    get() = interview.unackedIds()

  override fun close() = interview.close()
}
