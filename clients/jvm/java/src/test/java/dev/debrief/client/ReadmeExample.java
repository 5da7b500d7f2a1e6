package dev.debrief.client;

import dev.debrief.v1.CreateSessionRequest;
import dev.debrief.v1.Session;

/** The example of clients/jvm/README.md, verbatim (tests/jvm checks that it stays so). */
public final class ReadmeExample {
  public static void main(String[] args) {
    // README begin
    try (DebriefClient client = DebriefClient.builder().target(System.getenv("DEBRIEF_ADDR"))
        .plaintext().token(System.getenv("DEBRIEF_TOKEN")).build()) {
      Session s = client.createSession(CreateSessionRequest.newBuilder().setTemplateSlug("sales_debrief").build());
      try (Interview iv = client.interview(s.getId())) {
        int asked = 0;
        for (InterviewEvent ev : iv) {
          if (ev instanceof InterviewEvent.QuestionAsked q) {
            System.out.println("Q: " + q.question().getText());
            if (asked++ == 0) iv.answer("The Acme demo went well; their budget is $50k."); else iv.finish();
          } else if (ev instanceof InterviewEvent.Finished f) {
            System.out.println("Done: " + f.completed().getExtractedList());
          }
        }
      }
    }
    // README end
  }
}
