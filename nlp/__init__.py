"""Vietnamese text processing for the IOC Workbench.

The package normalises Vietnamese posts and citizen reports (``nlp.preprocess``), ships the
project's own labelled seed corpus (``nlp.corpus``), matches watch-lists (``nlp.watchlist``),
detects fast-spreading topics (``nlp.hot_topics``) and trains, registers and serves the
classifiers. Nothing heavy (torch, transformers, panel, ioc) is imported here: import the
sub-module you need.
"""

__all__ = [
    "preprocess",
    "corpus",
    "watchlist",
    "hot_topics",
]
