"""Runs one module of the JVM clients' Maven build (clients/jvm) against a
real debrief-server, offline, and checks what Surefire reports.

scripts/jvm-deps.sh fills the local repository (.data/m2) once; ctest
passes DEBRIEF_JVM_OUT, a folder of the CMake build tree, for the build
output. A Maven run whose tests were skipped or never ran fails here.
"""
import glob
import os
import shutil
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from conftest import SOURCE_DIR  # noqa: E402

JVM_DIR = os.path.join(SOURCE_DIR, "clients", "jvm")
OUT = os.environ.get("DEBRIEF_JVM_OUT", os.path.join(SOURCE_DIR, "build", "jvm"))
M2 = os.environ.get("DEBRIEF_M2", os.path.join(SOURCE_DIR, ".data", "m2"))
MAVEN_TIMEOUT_S = 240  # compile + tests; about 30 s here once the repository is filled


def check_readme_example(lang, source):
    """The README's ```lang block is the part of `source` between its README markers."""
    readme = open(os.path.join(JVM_DIR, "README.md")).read()
    block = readme.split("```" + lang + "\n", 1)[1].split("```", 1)[0]
    text = open(os.path.join(JVM_DIR, source)).read()
    part = text.split("// README begin\n", 1)[1].split("// README end", 1)[0]
    strip = lambda t: [line.strip() for line in t.strip().splitlines()]  # noqa: E731
    assert strip(block) == strip(part), "clients/jvm/README.md's %s example differs from %s" % (
        lang, source)


def run_module(server, module, artifact, tests=None):
    """mvn -o test for `module` (and the modules it needs); returns the number of tests run."""
    if not os.path.isdir(os.path.join(M2, "io", "grpc")):
        raise AssertionError("the Maven repository %s is empty: run scripts/jvm-deps.sh" % M2)
    reports = os.path.join(OUT, artifact, "surefire-reports")
    shutil.rmtree(reports, ignore_errors=True)
    env = dict(os.environ)
    env.update({
        "DEBRIEF_ADDR": server.addr,
        "DEBRIEF_TOKEN": server.token("jvm-" + uuid.uuid4().hex[:10], "member", "team-a"),
    })
    cmd = ["mvn", "-o", "-B", "-q", "-Dmaven.repo.local=" + M2, "-Ddebrief.jvm.out=" + OUT,
           "-f", os.path.join(JVM_DIR, "pom.xml"), "-pl", module, "-am", "test"]
    if tests:
        cmd += ["-Dtest=" + tests, "-Dsurefire.failIfNoSpecifiedTests=false"]
    r = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=MAVEN_TIMEOUT_S)
    sys.stdout.write(r.stdout[-20000:])
    sys.stderr.write(r.stderr[-8000:])
    assert r.returncode == 0, "mvn test failed (%d); output above" % r.returncode
    total = skipped = bad = 0
    for path in glob.glob(os.path.join(reports, "TEST-*.xml")):
        suite = ET.parse(path).getroot()
        total += int(suite.get("tests", 0))
        skipped += int(suite.get("skipped", 0))
        bad += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    assert total > 0, "Surefire ran no test of %s (reports in %s)" % (module, reports)
    assert skipped == 0, "%d of %d tests of %s were skipped" % (skipped, total, module)
    assert bad == 0
    print("%s: %d passed, 0 failed" % (module, total))
    return total
