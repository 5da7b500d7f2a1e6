"""clients/README.md's Python example runs as written."""
import os
import subprocess
import sys

from conftest import ADDR

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def example(lang):
    """The fenced block after <!-- example: lang --> in clients/README.md."""
    lines = open(README).read().split("<!-- example: %s -->" % lang, 1)[1].splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("```"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("```"))
    return "\n".join(lines[start + 1:end]) + "\n"


def test_readme_example(case):
    answers = [case["opening"]] + [a["text"] for a in case["answers"].values()]
    r = subprocess.run([sys.executable, "-c", example("python")], input="\n".join(answers) + "\n",
                       env=dict(os.environ, DEBRIEF_ADDR=ADDR), capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("Q:") >= 3, r.stdout
    assert "'budget': {" in r.stdout and "'deal_stage': 'proposal'" in r.stdout, r.stdout
