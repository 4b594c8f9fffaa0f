"""Fixtures of the social plugin: a registry with only this plugin, a data layer on SQLite,
saved real-format files, and a promoted sentiment model (TF-IDF baselines trained once per session
on part of the seed corpus: the registry, inference and labelling path are the real ones)."""

from __future__ import annotations

from pathlib import Path

import pytest
from social_support import register_sentiment

DATA = Path(__file__).parent / "data"


@pytest.fixture
def social_registry():
    """A registry holding only the social plugin (tests never pick up installed ones)."""
    from ioc.plugins import Registry
    from ioc_plugins.social import plugin

    return Registry([plugin()])


@pytest.fixture
def social_layer(sqlite_settings, social_registry):
    """A data layer on SQLite that knows the social tables."""
    from ioc.datalayer import DataLayer

    layer = DataLayer(sqlite_settings, tables=social_registry.tables())
    yield layer
    layer.close()


@pytest.fixture
def data_file():
    """Path of a saved file under ``tests/ioc_plugins/social/data``."""
    return lambda name: DATA / name


@pytest.fixture(scope="session")
def sentiment_model_dirs(tmp_path_factory):
    """Two TF-IDF sentiment models trained once per session on part of the seed corpus."""
    from nlp.baseline import TfidfModel
    from nlp.corpus import load_corpus

    corpus = load_corpus("train").sample(n=900, random_state=3)
    dirs = []
    for c in (4.0, 1.0):
        path = tmp_path_factory.mktemp("tfidf") / "model"
        model = TfidfModel(C=c, info={"task": "sentiment"})
        model.fit(corpus["text"].tolist(), corpus["sentiment"].tolist()).save(path)
        dirs.append(path)
    return dirs


@pytest.fixture
def promoted_sentiment(sqlite_settings, sentiment_model_dirs):
    """A promoted sentiment model in the deployment's registry; returns its id."""
    return register_sentiment(sqlite_settings.paths.models, sentiment_model_dirs[0])
