"""Property tests for EVERY registered source adapter (new plugins are fuzzed automatically).

For random bytes, truncated and byte-mutated real inputs, and text in the wrong encoding,
an adapter either raises its documented :class:`ioc.plugins.AdapterError` or returns a
frame; every row it marks bad carries a reason, and validation accounts for every row
(accepted + rejected = rows in, each rejected row with a reason).

Seeds per adapter: its declared third-party samples (``REAL_SAMPLES``, read through the
``requires_sample`` marker), the plugin's own test fixtures under ``tests/ioc_plugins/<plugin>``
whose names match the adapter's ``patterns``, and a CSV of the target table's columns. ``max_examples`` stays modest so the whole file runs in well under a minute;
``IOC_FUZZ_EXAMPLES`` raises it for a soak run. The run prints the inputs tried.
"""

from __future__ import annotations

import fnmatch
import os
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ioc.config import load_settings
from ioc.plugins import Adapter, AdapterError, registry
from ioc.tables import ERROR_COLUMN

REAL_SAMPLES = {"environment.healthyair_csv": ("env/hcmc_healthyair_2022Q1_hourly.csv",)}
"""Third-party samples (``shared/data``) seeding an adapter's mutations; a plugin adds its own."""

TESTS = Path(__file__).resolve().parents[1]


EXAMPLES = int(os.environ.get("IOC_FUZZ_EXAMPLES", "25"))
SEED_BYTES = 16_384  # the head of a real sample is enough to reach every parser branch
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # a deterministic suite: the same inputs on every run
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure shows its raw input, fast
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
TRIED: dict[str, int] = {}


def _registered() -> list[tuple[str, Adapter, object]]:
    return [(f"{p.name}.{a.name}", a, p) for p in registry() for a in p.adapters]


ADAPTERS = {name: (adapter, plugin) for name, adapter, plugin in _registered()}


def names_of(adapter: Adapter) -> list[str]:
    """File names the adapter's patterns accept (one per pattern: ``*hotline*.xlsx`` → ``fuzz_hotline_.xlsx``)."""
    names = []
    for pattern in adapter.patterns or ("*.dat",):
        name = "fuzz_" + pattern.replace("*", "_").replace("/", "_")
        if not Path(name).suffix:
            name += ".dat"
        names.append(name)
    return sorted(set(names))


def seeds(name: str, sample_path) -> list[bytes]:
    """Real inputs to mutate: the declared samples, the plugin's own test fixtures whose names
    match the adapter's patterns, and a CSV of the target table's columns."""
    adapter, plugin = ADAPTERS[name]
    paths = [sample_path(sample) for sample in REAL_SAMPLES.get(name, ())]
    fixtures = TESTS / "ioc_plugins" / plugin.name
    if fixtures.is_dir():
        paths += [
            path
            for path in sorted(fixtures.rglob("*"))
            if path.is_file() and any(fnmatch.fnmatch(path.name.lower(), p.lower()) for p in adapter.patterns)
        ]
    found = []
    for path in paths:
        with open(path, "rb") as handle:
            found.append(handle.read(SEED_BYTES))
    table = next(t for t in plugin.tables if t.name == adapter.table)
    header = ",".join(table.column_names)
    found.append(f"{header}\n{','.join('x' for _ in table.column_names)}\n".encode())
    return found


def with_samples(name: str):
    """The adapter's name as a parameter, carrying ``requires_sample`` for its real samples."""
    marks = [pytest.mark.requires_sample(*REAL_SAMPLES[name])] if name in REAL_SAMPLES else []
    return pytest.param(name, marks=marks)


def check(name: str, data: bytes, which: int = 0) -> None:
    """The property itself, for one input (written under the ``which``-th accepted file name)."""
    adapter, plugin = ADAPTERS[name]
    TRIED[name] = TRIED.get(name, 0) + 1
    cfg = load_settings(data_dir=Path(tempfile.gettempdir()) / "ioc-fuzz")
    with tempfile.TemporaryDirectory() as folder:
        candidates = names_of(adapter)
        path = Path(folder) / candidates[which % len(candidates)]
        path.write_bytes(data)
        try:
            with warnings.catch_warnings():  # a documented warning (legacy encoding …) is fine
                warnings.simplefilter("ignore")
                frame = adapter.read(path, settings=cfg)
        except AdapterError as error:
            message = str(error)
            assert message, "an AdapterError must say why"
            return
    assert isinstance(frame, pd.DataFrame)
    if ERROR_COLUMN in frame:
        marked = frame[ERROR_COLUMN].dropna()
        assert marked.astype(str).str.strip().str.len().gt(0).all(), "a row marked bad has an empty reason"
    table = next(t for t in plugin.tables if t.name == adapter.table)
    good, rejected = table.validate(frame, now=pd.Timestamp("2030-01-01", tz="UTC"))
    assert len(good) + len(rejected) == len(frame)
    if len(rejected):
        assert rejected["reason"].notna().all() and rejected["reason"].astype(str).str.len().gt(0).all()
    assert set(good.columns) == set(table.column_names)


def _mutate(seed: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    data = bytearray(seed[: max(1, cut)])
    for position, value in edits:
        data[position % len(data)] = value
    return bytes(data)


mutations = st.lists(st.tuples(st.integers(0, SEED_BYTES), st.integers(0, 255)), max_size=12)
ENCODINGS = ["utf-16", "cp1258", "latin-1", "utf-8-sig", "utf-32"]


@pytest.fixture(scope="module", autouse=True)
def report_inputs():
    yield
    print("\nfuzz inputs tried per adapter:", dict(sorted(TRIED.items())))


@pytest.mark.parametrize("name", sorted(ADAPTERS))
def test_random_bytes(name):
    @FUZZ
    @given(st.binary(max_size=2048), st.integers(0, 7))
    def run(data, which):
        check(name, data, which)

    run()


@pytest.mark.parametrize("name", [with_samples(n) for n in sorted(ADAPTERS)])
def test_truncated_and_mutated_samples(name, sample_path):
    pool = seeds(name, sample_path)

    @FUZZ
    @given(st.sampled_from(pool), mutations, st.integers(1, SEED_BYTES), st.integers(0, 7))
    def run(seed, edits, cut, which):
        check(name, _mutate(seed, edits, cut), which)

    run()


@pytest.mark.parametrize("name", [with_samples(n) for n in sorted(ADAPTERS)])
def test_wrong_encodings(name, sample_path):
    pool = seeds(name, sample_path)

    @FUZZ
    @given(st.sampled_from(pool), st.sampled_from(ENCODINGS), st.integers(0, 7))
    def run(seed, encoding, which):
        text = seed.decode("utf-8", errors="replace")
        check(name, text.encode(encoding, errors="replace"), which)

    run()


def test_every_registered_adapter_is_fuzzed():
    """The parametrisation comes from the live registry: a new plugin's adapter is included."""
    assert set(ADAPTERS) == {f"{p.name}.{a.name}" for p in registry() for a in p.adapters}
    assert ADAPTERS, "no adapter registered"
