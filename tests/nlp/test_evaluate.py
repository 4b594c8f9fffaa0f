"""Tests for evaluation reports (nlp.evaluate), checked against hand-computed values."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nlp.evaluate import (
    calibration,
    classification_metrics,
    comparison_markdown,
    evaluate,
    report_from_proba,
    write_report,
)

# Gold a a b b c, predicted a b b b a:
#   a: tp 1, predicted 2, support 2 -> P 1/2, R 1/2, F1 1/2
#   b: tp 2, predicted 3, support 2 -> P 2/3, R 1,   F1 4/5
#   c: tp 0, predicted 0, support 1 -> P 0,   R 0,   F1 0
# accuracy 3/5, macro-F1 (1/2 + 4/5 + 0) / 3 = 13/30
Y_TRUE = ["a", "a", "b", "b", "c"]
Y_PRED = ["a", "b", "b", "b", "a"]


def test_accuracy_macro_f1_and_per_class():
    report = classification_metrics(Y_TRUE, Y_PRED, labels=["a", "b", "c"])
    assert report["n"] == 5
    assert report["accuracy"] == pytest.approx(3 / 5)
    assert report["macro_f1"] == pytest.approx(13 / 30)
    assert report["per_class"]["a"] == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2})
    assert report["per_class"]["b"] == pytest.approx({"precision": 2 / 3, "recall": 1.0, "f1": 0.8, "support": 2})
    assert report["per_class"]["c"] == pytest.approx({"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1})


def test_confusion_matrix_rows_are_gold_columns_are_predicted():
    matrix = classification_metrics(Y_TRUE, Y_PRED, labels=["a", "b", "c"])["confusion_matrix"]
    assert matrix["labels"] == ["a", "b", "c"]
    assert matrix["matrix"] == [[1, 1, 0], [0, 2, 0], [1, 0, 0]]


def test_macro_f1_ignores_labels_absent_from_gold_and_predictions():
    # "z" is a label the model knows but nobody used: it must not drag the average to 0.
    with_unused = classification_metrics(Y_TRUE, Y_PRED, labels=["a", "b", "c", "z"])
    assert with_unused["macro_f1"] == pytest.approx(13 / 30)
    assert with_unused["per_class"]["z"]["support"] == 0


def test_perfect_predictions():
    report = classification_metrics(["x", "y"], ["x", "y"])
    assert report["accuracy"] == 1.0 and report["macro_f1"] == 1.0


def test_calibration_two_bins_by_hand():
    # bin (0, .5]: confidences .3 and .5 (an edge goes to the lower bin), 1 of 2 right
    #   -> |0.5 - 0.4| * 2/5 = 0.04
    # bin (.5, 1]: .9 .8 .6, 2 of 3 right -> |2/3 - 23/30| * 3/5 = 0.06
    result = calibration([0.9, 0.8, 0.6, 0.3, 0.5], [True, False, True, False, True], n_bins=2)
    assert result["ece"] == pytest.approx(0.10)
    low, high = result["bins"]
    assert (low["count"], high["count"]) == (2, 3)
    assert low["confidence"] == pytest.approx(0.4) and low["accuracy"] == pytest.approx(0.5)
    assert high["confidence"] == pytest.approx(23 / 30) and high["accuracy"] == pytest.approx(2 / 3)


def test_calibration_empty_bins_and_perfect_model():
    result = calibration([1.0, 1.0], [True, True], n_bins=10)
    assert result["ece"] == pytest.approx(0.0)
    assert sum(b["count"] for b in result["bins"]) == 2
    assert result["bins"][0]["accuracy"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([0.5], [True, False]), "same length"),
        (([1.5], [True]), r"\[0, 1\]"),
        (([0.5], [True], 0), "at least 1"),
    ],
    ids=["length", "range", "bins"],
)
def test_calibration_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        calibration(*args)


def test_classification_metrics_rejects_bad_input():
    with pytest.raises(ValueError, match="predictions"):
        classification_metrics(["a"], ["a", "b"])
    with pytest.raises(ValueError, match="không có mẫu nào"):
        classification_metrics([], [])


def test_report_from_proba_uses_argmax_and_flags_unknown_labels():
    proba = np.array([[0.7, 0.3], [0.2, 0.8], [0.6, 0.4]])
    report = report_from_proba(proba, ["a", "b"], ["a", "b", "c"])
    assert report["accuracy"] == pytest.approx(2 / 3)
    assert report["labels_unknown_to_model"] == ["c"]
    assert report["confusion_matrix"]["labels"] == ["a", "b", "c"]
    assert report["calibration"]["bins"][6]["count"] == 1  # 0.7 lies in (0.6, 0.7]


def test_evaluate_a_real_model_matches_its_own_predictions(make_toy):
    from nlp.baseline import TfidfModel

    train, test = make_toy(90, seed=11), make_toy(30, seed=12)
    model = TfidfModel(C=4.0).fit(train["text"].tolist(), train["label"].tolist())
    report = evaluate(model, test["text"].tolist(), test["label"].tolist())
    predicted = model.predict(test["text"].tolist())
    expected = np.mean([p == t for p, t in zip(predicted, test["label"])])
    assert report["accuracy"] == pytest.approx(expected)
    assert report["model"] == "tfidf"
    assert sum(b["count"] for b in report["calibration"]["bins"]) == len(test)


def test_evaluate_a_task_of_an_explicit_registry(tiny_tfidf_dir, make_toy, tmp_path):
    from nlp.registry import ModelRegistry

    registry = ModelRegistry(tmp_path / "models")
    registry.register(tiny_tfidf_dir, "toy", {})
    registry.promote("toy", 1)  # a TF-IDF model needs no baseline to beat
    test = make_toy(30, seed=12)
    report = evaluate("toy", test["text"].tolist(), test["label"].tolist(), registry=registry.root)
    assert report["model"] == "toy/v0001" and report["n"] == 30


def test_write_report_json_and_markdown(tmp_path):
    report = report_from_proba(np.array([[0.9, 0.1], [0.4, 0.6]]), ["âm", "dương"], ["âm", "âm"])
    paths = write_report(report, tmp_path / "out", name="dev")
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["accuracy"] == 0.5
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert "Macro-F1" in markdown and "| âm |" in markdown and "ECE" in markdown
    table = comparison_markdown({"m1": report, "m2": report})
    assert "| m1 | 0.5000 |" in table and "| m2 | 0.5000 |" in table


def test_parse_label_map_pairs_and_errors():
    from nlp.evaluate import parse_label_map

    assert parse_label_map(["a=x, b=y", "c=z"]) == {"a": "x", "b": "y", "c": "z"}
    assert parse_label_map(None) == {}
    with pytest.raises(ValueError, match="dạng"):
        parse_label_map(["a:x"])
    with pytest.raises(ValueError, match="hai lần"):
        parse_label_map(["a=x", "a=y"])


def test_map_labels_keeps_unmapped_labels_and_refuses_unknown_targets():
    from nlp.evaluate import map_labels

    assert map_labels(["pos", "neutral"], {"pos": "positive"}, ["positive", "neutral"]) == ["positive", "neutral"]
    with pytest.raises(ValueError, match="không có nhãn"):
        map_labels(["pos"], {"pos": "good"}, ["positive"])


def test_baseline_reference_scores_every_text_out_of_fold(make_toy):
    from nlp.evaluate import baseline_reference

    frame = make_toy(60, 5)
    report = baseline_reference(frame["text"].tolist(), frame["label"].tolist(), folds=3)
    assert report["n"] == 60 and report["folds"] == 3
    assert sum(sum(row) for row in report["confusion_matrix"]["matrix"]) == 60
    assert report["macro_f1"] > 0.8  # the toy labels are separable by their predicates
    assert baseline_reference(["a", "b", "c"], ["x", "x", "y"]) is None  # 'y' has one text
