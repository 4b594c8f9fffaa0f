"""Fixtures for the NLP tests: a tiny generated labelled corpus and tiny training settings.

The training settings are a preset (``toy_preset.json``, loaded into a
:class:`nlp.presets.Preset`), the same kind of object the command line and
``ensure_default_models`` use; tests build their configurations from it.

The sentences are built from Vietnamese templates whose predicate carries the sentiment, so a
working classifier learns them in a few epochs while a broken one stays at chance level.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pandas as pd
import pytest

from nlp.presets import Preset

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SUBJECTS = [
    "đường Nguyễn An Ninh",
    "phường Thắng Tam",
    "bãi biển Long Hải",
    "chợ Bà Rịa",
    "bệnh viện Vũng Tàu",
    "trường tiểu học Phước Thắng",
    "ủy ban phường 7",
    "khu du lịch Hồ Tràm",
    "cầu Cửa Lấp",
    "trạm xe buýt Bến Đình",
]
PREDICATES = {
    "positive": [
        "rất sạch đẹp, người dân hài lòng",
        "phục vụ tận tình, cảm ơn cán bộ",
        "xử lý nhanh chóng, tuyệt vời",
        "được sửa chữa kịp thời, rất vui",
        "thông thoáng và an toàn, khen ngợi",
        "thủ tục gọn nhẹ, rất tốt",
    ],
    "negative": [
        "ngập nặng, rác thải bốc mùi",
        "kẹt xe kéo dài, bức xúc quá",
        "xử lý chậm trễ, thất vọng",
        "ổ gà nguy hiểm, tai nạn liên tục",
        "ô nhiễm tiếng ồn, không chịu nổi",
        "thái độ cán bộ tệ, phàn nàn",
    ],
    "neutral": [
        "có lịch họp vào thứ hai",
        "thông báo thay đổi giờ làm việc",
        "sẽ tổ chức khảo sát trong tuần",
        "cập nhật số liệu quý ba",
        "thông tin tuyển dụng mới đăng",
        "lịch tiêm chủng được công bố",
    ],
}
OPENERS = ["", "Cho hỏi ", "Theo tin báo, ", "Mọi người ơi ", "Hôm nay "]


def make_toy_frame(n: int = 150, seed: int = 0) -> pd.DataFrame:
    """``n`` generated posts with ``id``, ``text`` and balanced ``label`` columns."""
    rng = random.Random(seed)
    labels = sorted(PREDICATES)
    rows = []
    for i in range(n):
        label = labels[i % len(labels)]
        text = f"{rng.choice(OPENERS)}{rng.choice(SUBJECTS)} {rng.choice(PREDICATES[label])}"
        rows.append({"id": f"toy-{seed}-{i}", "text": text, "label": label})
    return pd.DataFrame(rows).sample(frac=1.0, random_state=seed).reset_index(drop=True)


@pytest.fixture
def toy_files(tmp_path):
    """Paths of generated train/dev/test CSV files (150/45/45 rows)."""
    paths = {}
    for split, (n, seed) in {"train": (150, 1), "dev": (45, 2), "test": (45, 3)}.items():
        path = tmp_path / f"{split}.csv"
        make_toy_frame(n, seed).to_csv(path, index=False)
        paths[split] = path
    return paths


#: Settings of the unit tests' training runs and masked-LM pretraining (seconds, not minutes).
TOY_PRESET = Preset.load(Path(__file__).with_name("toy_preset.json"))


@pytest.fixture(scope="session")
def toy_preset() -> Preset:
    """:data:`TOY_PRESET`; derive variations with ``toy_preset.with_values(epochs=1)``."""
    return TOY_PRESET


@pytest.fixture(scope="session")
def toy_data_dir(tmp_path_factory):
    """A session-wide directory with generated ``train.csv``, ``dev.csv``, ``test.csv``."""
    root = tmp_path_factory.mktemp("toy_data")
    for split, (n, seed) in {"train": (150, 1), "dev": (45, 2), "test": (45, 3)}.items():
        make_toy_frame(n, seed).to_csv(root / f"{split}.csv", index=False)
    return root


@pytest.fixture(scope="session")
def trained_toy_run(toy_data_dir, tmp_path_factory):
    """One tiny training run with every variant, shared by the train/inference/CLI tests.

    Returns ``(summary, output_dir)``; the output directory must be treated as read-only.
    """
    from nlp.train import run_training

    out = tmp_path_factory.mktemp("toy_run")
    summary = run_training(
        TOY_PRESET.config(
            train_file=toy_data_dir / "train.csv",
            validation_file=toy_data_dir / "dev.csv",
            test_file=toy_data_dir / "test.csv",
            task="toy",
            output_dir=out,
            variants="tfidf,transformer,transformer_mlm,hybrid",
            mlm_epochs=1,
        )
    )
    return summary, out


@pytest.fixture(scope="session")
def make_toy():
    """The :func:`make_toy_frame` generator, for tests that need their own sizes or seeds."""
    return make_toy_frame


@pytest.fixture(scope="session")
def tiny_transformer_dir(tmp_path_factory):
    """An untrained (randomly initialised) tiny BERT classifier saved as a model directory.

    Enough for registry and inference plumbing, where the quality of predictions is irrelevant.
    """
    import torch
    from transformers import AutoModelForSequenceClassification

    from nlp.arguments import ModelArguments
    from nlp.inference import TransformerModel
    from nlp.modeling import scratch_config
    from nlp.tokenizer import train_tokenizer

    torch.manual_seed(0)
    frame = make_toy_frame(60, seed=5)
    tokenizer = train_tokenizer(frame["text"].str.lower().tolist(), vocab_size=200)
    labels = sorted(PREDICATES)
    args = ModelArguments(hidden_size=16, num_layers=1, num_heads=2, intermediate_size=32, max_length=32)
    model = AutoModelForSequenceClassification.from_config(scratch_config(args, tokenizer, labels, "toy"))
    info = {"task": "toy", "labels": labels, "max_length": 32}
    path = tmp_path_factory.mktemp("tiny_transformer") / "model"
    TransformerModel(model.eval(), tokenizer, info).save(path)
    return path


@pytest.fixture(scope="session")
def tiny_tfidf_dir(tmp_path_factory):
    """A TF-IDF model trained on the toy corpus and saved as a model directory."""
    from nlp.baseline import TfidfModel

    frame = make_toy_frame(90, seed=6)
    path = tmp_path_factory.mktemp("tiny_tfidf") / "model"
    TfidfModel(C=4.0, info={"task": "toy"}).fit(frame["text"].tolist(), frame["label"].tolist()).save(path)
    return path
