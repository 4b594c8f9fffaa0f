"""The ``requires_sample`` marker itself: skip locally, fail in CI, no undeclared sample reads.

Each test runs a small pytest session (pytester) with a copy of the real ``tests/conftest.py``,
so a change that quietly turns the marker into a no-op fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

READS_SAMPLE = """
import pytest

@pytest.mark.requires_sample("env/readings.csv")
def test_reads(sample_path):
    assert sample_path("env/readings.csv").read_text() == "pm25\\n"
"""


@pytest.fixture
def session(pytester, tmp_path, monkeypatch):
    """A pytester session on the real conftest, with the samples folder in ``tmp_path/samples``."""
    samples = tmp_path / "samples"
    samples.mkdir()
    monkeypatch.setenv("IOC_SHARED_DATA", str(samples))
    monkeypatch.delenv("CI", raising=False)
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    return pytester, samples


def run(pytester, source: str):
    pytester.makepyfile(test_inner=source)
    return pytester.runpytest("--strict-markers", "-p", "no:cacheprovider", "-rs")


def test_a_present_sample_is_read(session):
    pytester, samples = session
    (samples / "env").mkdir()
    (samples / "env" / "readings.csv").write_text("pm25\n")
    run(pytester, READS_SAMPLE).assert_outcomes(passed=1)


@pytest.mark.parametrize("ci", [None, "", "0", "false", "no"], ids=["unset", "empty", "0", "false", "no"])
def test_a_missing_sample_skips_outside_ci(session, monkeypatch, ci):
    pytester, _ = session
    if ci is not None:
        monkeypatch.setenv("CI", ci)
    result = run(pytester, READS_SAMPLE)
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*third-party sample(s) not available under*env/readings.csv*"])


@pytest.mark.parametrize("ci", ["true", "1", "TRUE", "yes"])
def test_a_missing_sample_fails_in_ci(session, monkeypatch, ci):
    pytester, _ = session
    monkeypatch.setenv("CI", ci)
    result = run(pytester, READS_SAMPLE)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*env/readings.csv*CI is set: a missing sample is a failure, not a skip*"])


def test_a_missing_sample_skips_before_fixtures_run(session):
    pytester, _ = session
    source = """
import pytest

@pytest.fixture
def expensive():
    raise AssertionError("set up although the sample is missing")

@pytest.mark.requires_sample("geo/absent.geojson")
def test_needs_it(expensive):
    pass
"""
    run(pytester, source).assert_outcomes(skipped=1)


def test_a_module_marker_and_a_declared_folder_cover_its_files(session):
    pytester, samples = session
    (samples / "open311").mkdir()
    (samples / "open311" / "services.xml").write_text("<services/>")
    source = """
import pytest

pytestmark = pytest.mark.requires_sample("open311")

def test_reads(sample_path):
    assert sample_path("open311/services.xml").read_text() == "<services/>"
"""
    run(pytester, source).assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "def test_x(sample_path):\n    sample_path('env/readings.csv')\n",
            "*reads the sample 'env/readings.csv' without declaring it*",
        ),
        (
            "import pytest\n\n@pytest.mark.requires_sample()\ndef test_x():\n    pass\n",
            "*use requires_sample('folder/file', ...) with at least one path*",
        ),
        (
            "import pytest\n\n@pytest.mark.requires_sample('../secrets.txt')\ndef test_x():\n    pass\n",
            "*requires_sample('../secrets.txt'): give a path under shared/data*",
        ),
        (
            "import pytest\n\n@pytest.mark.requires_sample('env')\ndef test_x(sample_path):\n"
            "    sample_path('env/../geo/x.geojson')\n",
            "*reads the sample 'env/../geo/x.geojson' without declaring it*",
        ),
    ],
    ids=["undeclared-read", "no-path", "outside-samples", "escapes-declared-folder"],
)
def test_misuse_is_an_error(session, source, message):
    pytester, samples = session
    (samples / "env").mkdir()
    (samples / "env" / "readings.csv").write_text("pm25\n")
    result = run(pytester, source)
    assert result.ret != 0
    result.stdout.fnmatch_lines([message])


def test_no_test_builds_its_own_path_to_the_samples():
    """Samples are reached through ``sample_path`` only, so every reader carries the marker."""
    ad_hoc = re.compile(r"""["']shared["']\s*/|/\s*["']shared["']|["'](\.\./)*shared/data""")
    offenders = [
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("*.py")
        if path not in {TESTS / "conftest.py", Path(__file__).resolve()}
        if ad_hoc.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
