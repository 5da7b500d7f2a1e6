"""The Java client's JUnit suite (clients/jvm/java) against the real server."""
from jvm_maven import check_readme_example, run_module
from conftest import server, no_tsan_reports  # noqa: F401,E402 (fixtures; path set by jvm_maven)


def test_java_client(server):  # noqa: F811
    assert run_module(server, "java", "debrief-client") >= 7


def test_readme_example_is_the_tested_one():
    check_readme_example("java", "java/src/test/java/dev/debrief/client/ReadmeExample.java")
