// clients/README.md's TypeScript example runs as written: saved as an ES
// module inside this package (so "@debrief/client" resolves to it, as it
// would in a project depending on it) and run on the scripted answers.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const { DEBRIEF_ADDR, DEBRIEF_SDK_CASE } = process.env;
const skip = !(DEBRIEF_ADDR && DEBRIEF_SDK_CASE) ? "run through tests/sdk/harness.py" : false;

function example(lang: string): string {
  const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
  const lines = readme.split(`<!-- example: ${lang} -->`)[1].split("\n");
  const start = lines.findIndex((l) => l.startsWith("```"));
  const end = lines.findIndex((l, i) => i > start && l.startsWith("```"));
  return lines.slice(start + 1, end).join("\n") + "\n";
}

test("the README example runs as written", { skip, timeout: 60_000 }, () => {
  const scripted = JSON.parse(readFileSync(DEBRIEF_SDK_CASE!, "utf8"));
  const answers = [scripted.opening, ...Object.values(scripted.answers).map((a: any) => a.text)];
  const file = fileURLToPath(new URL("./readme-example.mjs", import.meta.url));
  writeFileSync(file, example("typescript"));
  try {
    const out = execFileSync(process.execPath, [file], {
      input: answers.join("\n") + "\n",
      env: process.env,
      encoding: "utf8",
      timeout: 50_000,
    });
    assert.ok((out.match(/Q:/g) ?? []).length >= 3, out);
    assert.match(out, /'budget'/);
    assert.match(out, /'deal_stage'/);
  } finally {
    rmSync(file, { force: true });
  }
});
