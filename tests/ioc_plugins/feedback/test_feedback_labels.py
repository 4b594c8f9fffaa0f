"""Citizen reports are labelled by the promoted NLP models when they are ingested."""

import pandas as pd

from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc.plugins import registry


def submissions(n_start=0):
    texts = [
        "Nước ngập sâu đường Lê Hồng Phong sau cơn mưa, xe chết máy hàng loạt",
        "Cảm ơn phường đã sửa đèn đường rất nhanh, bà con rất hài lòng",
        "Rác thải đổ trộm bốc mùi hôi thối ở chân cầu Cửa Lấp",
    ]
    return pd.DataFrame(
        {
            "channel": "hotline",
            "source_id": [f"call-{n_start + i}" for i in range(3)],
            "received_at": pd.date_range("2025-03-03T01:00Z", periods=3, freq="h"),
            "category": ["drainage_flooding", "street_lighting", "waste"],
            "description": texts,
        }
    )


def test_new_reports_get_labels_with_the_model_version(sqlite_settings):
    from nlp.defaults import ensure_default_models

    ensure_default_models(
        sqlite_settings.data_dir / "models", tasks=("sentiment", "sensitivity"), progress=False, preset="tiny"
    )
    dl = DataLayer(sqlite_settings)
    results = process_batch(dl, "feedback.submissions", submissions(), plugins=registry())
    assert [r.table for r in results] == ["feedback.submissions", "feedback.text_labels"]
    labels = dl.read("feedback.text_labels").set_index("source_id")
    assert len(labels) == 3
    assert set(labels["sentiment_label"]) <= {"negative", "neutral", "positive"}
    assert labels["sentiment_model"].str.fullmatch(r"sentiment/v\d{4}").all()
    assert labels["sensitivity_score"].between(0, 1).all()
    assert labels["topic_label"].isna().all()  # no topic model promoted: no guess


def test_without_models_ingestion_goes_on_unlabelled(sqlite_settings):
    dl = DataLayer(sqlite_settings)
    results = process_batch(dl, "feedback.submissions", submissions(10), plugins=registry())
    assert [r.table for r in results] == ["feedback.submissions"] and results[0].accepted == 3
