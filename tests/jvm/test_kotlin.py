"""The Kotlin client's JUnit suite (clients/jvm/kotlin) against the real server."""
from jvm_maven import check_readme_example, run_module
from conftest import server, no_tsan_reports  # noqa: F401,E402 (fixtures; path set by jvm_maven)


def test_kotlin_client(server):  # noqa: F811
    # -am builds the Java client too; only the Kotlin tests run.
    assert run_module(server, "kotlin", "debrief-client-kotlin", tests="DebriefKt*") >= 4


def test_readme_example_is_the_tested_one():
    check_readme_example("kotlin", "kotlin/src/test/kotlin/dev/debrief/client/kotlin/ReadmeExample.kt")
