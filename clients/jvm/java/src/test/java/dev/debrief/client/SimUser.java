package dev.debrief.client;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers like the simulated user of tests/eval: by the question's target
 * fields, from a case file under tests/eval/cases (a vague answer first
 * where the case has one).
 */
public final class SimUser {
  final Map<String, Struct> answers = new LinkedHashMap<>();
  final Set<String> used = new HashSet<>();
  final Set<String> vagueUsed = new HashSet<>();
  /** The case's first answer. */
  public final String opening;

  public SimUser(String caseName) throws Exception {
    Path p = Path.of("..", "..", "..", "tests", "eval", "cases", caseName + ".json");
    Struct.Builder b = Struct.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(Files.readString(p), b);
    opening = b.getFieldsOrThrow("opening").getStringValue();
    for (var e : b.getFieldsOrThrow("answers").getStructValue().getFieldsMap().entrySet()) {
      answers.put(e.getKey(), e.getValue().getStructValue());
    }
  }

  /** The next answer, for a question that targets these fields. */
  public String reply(List<String> targets) {
    for (String t : targets) {
      if (answers.containsKey(t) && !used.contains(t)) {
        return take(t);
      }
    }
    for (String t : answers.keySet()) {
      if (!used.contains(t)) {
        return take(t);
      }
    }
    return "That's all I have.";
  }

  private String take(String field) {
    Struct a = answers.get(field);
    if (a.containsFields("vague") && vagueUsed.add(field)) {
      return a.getFieldsOrThrow("vague").getStringValue();
    }
    used.add(field);
    return a.getFieldsOrThrow("text").getStringValue();
  }
}
