"""Live tests of the Python SDK. tests/sdk/harness.py starts the server and a
cuttable proxy and says where they are in DEBRIEF_* variables; without them
(a bare `pytest`) every test is skipped."""
import json
import os
import urllib.request

import pytest

ADDR = os.environ.get("DEBRIEF_ADDR")
DIRECT = os.environ.get("DEBRIEF_DIRECT_ADDR")
TOKEN = os.environ.get("DEBRIEF_TOKEN")
CONTROL = os.environ.get("DEBRIEF_CONTROL_URL")
CASE = os.environ.get("DEBRIEF_SDK_CASE")

if not (ADDR and TOKEN and CONTROL and CASE):
    pytest.skip("run through tests/sdk/harness.py (ctest -R sdk_python)", allow_module_level=True)


def control(path, method="POST"):
    req = urllib.request.Request(CONTROL + path, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


@pytest.fixture(scope="session")
def case():
    with open(CASE) as f:
        return json.load(f)


class SimUser:
    """Answers the scripted case: the answer for the first asked field not
    answered yet, else the next unanswered one (a vague version first where
    the case has one)."""

    def __init__(self, case):
        self.case = case
        self.used, self.vague_used = set(), set()
        self.turn = 0

    def reply(self, targets):
        self.turn += 1
        if self.turn == 1:
            return self.case["opening"]
        answers = self.case["answers"]
        for t in list(targets) + list(answers):
            if t in answers and t not in self.used:
                a = answers[t]
                if "vague" in a and t not in self.vague_used:
                    self.vague_used.add(t)
                    return a["vague"]
                self.used.add(t)
                return a["text"]
        return "That's all I have. (%d)" % self.turn


def subject(case, key):
    return {"kind": "meeting", "key": key, "title": case["context"]["title"],
            "attributes": case["context"]}


@pytest.fixture(autouse=True)
def watchdog():
    """An interview that stalls fails in a minute, with every thread's stack."""
    import faulthandler
    faulthandler.dump_traceback_later(60, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()
