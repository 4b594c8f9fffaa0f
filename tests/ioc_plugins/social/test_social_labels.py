"""Labels on arrival (promoted models and watch-lists) and re-labelling after a promotion."""

import logging

from social_support import items, register_sentiment

from ioc.ingest import process_batch
from ioc_plugins.social.labels import NO_MODEL_MESSAGE, label_items, load_watchlist, relabel

POSTS = [
    {
        "item_id": "t:1",
        "source_id": "fb:1",
        "kind": "post",
        "published_at": "2025-12-01T08:00:00Z",
        "text": "Kẹt xe kéo dài trên Quốc lộ 51, bức xúc quá, thất vọng",
    },
    {
        "item_id": "t:2",
        "source_id": "fb:1",
        "kind": "post",
        "published_at": "2025-12-01T09:00:00Z",
        "text": "ubnd tinh ba ria vung tau vua hop ve du an, dan rat hai long",
    },
    {
        "item_id": "t:3",
        "source_id": "fb:2",
        "kind": "comment",
        "published_at": "2025-12-01T09:30:00Z",
        "text": "Sở TNMT ko xử lý bãi rác Tóc Tiên hả mn, hôi quá",
    },
]


def test_watch_list_hits_with_and_without_diacritics_and_teencode(tmp_path):
    labels = label_items(items(POSTS), tmp_path / "no-models", load_watchlist()).set_index("item_id")
    assert labels.loc["t:1", "watch_hits"] == "ql51"
    assert set(labels.loc["t:2", "watch_hits"].split(",")) >= {"ubnd-tinh"}  # typed without diacritics
    assert set(labels.loc["t:3", "watch_hits"].split(",")) == {"so-tnmt", "toc-tien"}
    assert labels.loc["t:3", "watch_kinds"] == "organisation,place"


def test_without_a_promoted_model_items_are_stored_and_the_message_is_clear(social_layer, social_registry, caplog):
    from ioc_plugins.social import labels as module

    module._WARNED.clear()
    with caplog.at_level(logging.WARNING, logger="ioc_plugins.social.labels"):
        results = process_batch(social_layer, "social.items", items(POSTS), plugins=social_registry)
    assert results[0].accepted == 3
    assert NO_MODEL_MESSAGE in caplog.text and "ioc demo --models" in caplog.text
    labels = social_layer.read("social.labels")
    assert len(labels) == 3 and labels["sentiment_label"].isna().all() and labels["watch_hits"].notna().all()


def test_watch_list_counts_mentions_of_items_without_a_sentiment_label(social_layer, social_registry):
    from ioc_plugins.social.queries import watch_hits

    process_batch(social_layer, "social.items", items(POSTS), plugins=social_registry)  # no model promoted
    hits = watch_hits(social_layer, "2025-11-30", "2025-12-02").set_index("entry_id")
    assert hits.loc["ql51", "mentions"] == 1 and hits.loc["toc-tien", "mentions"] == 1
    assert (hits["negative"] == 0).all()  # unlabelled is not negative


def test_items_are_labelled_with_the_promoted_model_and_its_version(social_layer, social_registry, promoted_sentiment):
    process_batch(social_layer, "social.items", items(POSTS), plugins=social_registry)
    labels = social_layer.read("social.labels").set_index("item_id")
    assert (labels["sentiment_model"] == promoted_sentiment).all()
    assert labels.loc["t:1", "sentiment_label"] == "negative"
    assert labels["sentiment_score"].between(0, 1).all()
    assert labels["topic_label"].isna().all()  # no topic model promoted: no guess


def test_relabel_after_a_promotion_supersedes_and_never_duplicates(
    social_layer, social_registry, promoted_sentiment, sentiment_model_dirs
):
    process_batch(social_layer, "social.items", items(POSTS), plugins=social_registry)
    again = relabel(social_layer)
    assert again.accepted == 0 and again.duplicate == 3  # same model: nothing to change

    newer = register_sentiment(social_layer.settings.paths.models, sentiment_model_dirs[1])
    assert newer != promoted_sentiment
    result = relabel(social_layer)
    assert result.superseded == 3 and result.accepted == 3
    labels = social_layer.read("social.labels")
    assert len(labels) == 3 and (labels["sentiment_model"] == newer).all()
    assert len(social_layer.read("social.labels", history=True)) == 6  # the earlier labels stay auditable

    once_more = relabel(social_layer)
    assert once_more.accepted == 0 and len(social_layer.read("social.labels")) == 3


def test_relabel_command_reports_what_changed(social_layer, social_registry, promoted_sentiment, monkeypatch):
    import typer
    from typer.testing import CliRunner

    from ioc.cli import mount_plugin_commands

    process_batch(social_layer, "social.items", items(POSTS), plugins=social_registry)
    cli = typer.Typer()
    cli.add_typer(typer.Typer(), name="collect")
    mount_plugin_commands(cli, social_registry)
    monkeypatch.setenv("IOC_DATA_DIR", str(social_layer.settings.data_dir))
    result = CliRunner().invoke(cli, ["social", "relabel"])
    assert result.exit_code == 0, result.output
    assert promoted_sentiment in result.output and "3 không đổi" in result.output
