"""Tests for the domain tokenizer (nlp.tokenizer)."""

from __future__ import annotations

import pytest

from nlp.tokenizer import SPECIAL_TOKENS, load_tokenizer, train_tokenizer

EXTRA = [
    "ma má mà mã mạ mả là sáu từ khác nhau",
    "ma má mà mã mạ mả",
    "thành_phố vũng_tàu <url> <phone>",
]


@pytest.fixture(scope="module")
def texts(make_toy):
    return make_toy(150, seed=1)["text"].str.lower().tolist() + EXTRA


@pytest.fixture(scope="module")
def tokenizer(texts):
    return train_tokenizer(texts, vocab_size=400, min_frequency=1, extra_tokens=["<url>", "<phone>"])


def tokens(tokenizer, text: str) -> list[str]:
    return tokenizer.convert_ids_to_tokens(tokenizer(text)["input_ids"])


def test_keeps_diacritics_and_lowercases(tokenizer):
    pieces = tokens(tokenizer, "Đường NGẬP nặng")
    joined = "".join(pieces)
    assert "đường" in joined and "ngập" in joined and "nặng" in joined
    assert all(p == p.lower() for p in pieces if p not in SPECIAL_TOKENS.values())


def test_tone_marks_give_distinct_ids(tokenizer):
    ids = [
        tuple(tokenizer(word, add_special_tokens=False)["input_ids"]) for word in ["ma", "má", "mà", "mã", "mạ", "mả"]
    ]
    assert len(set(ids)) == 6


def test_decomposed_input_is_normalised_to_nfc(tokenizer):
    composed = "đường"
    decomposed = "đu\u031bo\u031b\u0300ng"  # the same word typed with combining marks
    assert tokenizer(composed)["input_ids"] == tokenizer(decomposed)["input_ids"]


def test_special_tokens_and_template(tokenizer):
    for name, token in SPECIAL_TOKENS.items():
        assert getattr(tokenizer, name) == token
    pieces = tokens(tokenizer, "bãi biển sạch")
    assert pieces[0] == "[CLS]" and pieces[-1] == "[SEP]"


def test_placeholders_and_segmented_words_stay_whole(tokenizer):
    pieces = tokens(tokenizer, "gọi <phone> xem <url>")
    assert "<phone>" in pieces and "<url>" in pieces
    pre_tokens = tokenizer.backend_tokenizer.pre_tokenizer.pre_tokenize_str("thành_phố, ok")
    assert [piece for piece, _ in pre_tokens] == ["▁thành_phố", "▁,", "▁ok"]


def test_bpe_training_is_reproducible(texts):
    first = train_tokenizer(texts, vocab_size=300).get_vocab()
    for _ in range(3):
        assert train_tokenizer(texts, vocab_size=300).get_vocab() == first


def test_save_and_load_round_trip(tokenizer, texts, tmp_path):
    tokenizer.save_pretrained(str(tmp_path))
    loaded = load_tokenizer(tmp_path)
    for text in texts[:20]:
        assert loaded(text)["input_ids"] == tokenizer(text)["input_ids"]
    assert loaded.pad_token == "[PAD]" and loaded.mask_token == "[MASK]"


def test_wordpiece_algorithm_is_available(texts):
    wordpiece = train_tokenizer(texts, vocab_size=300, algorithm="wordpiece")
    ids = wordpiece("Đường ngập")["input_ids"]
    assert wordpiece.convert_ids_to_tokens(ids)[0] == "[CLS]"
    assert wordpiece.decode(ids, skip_special_tokens=True) == "đường ngập"


@pytest.mark.parametrize(
    ("bad_texts", "options", "message"),
    [
        ([], {}, "empty"),
        (["", "   ", None], {}, "empty"),
        (EXTRA, {"algorithm": "unigram"}, "unknown tokenizer algorithm"),
        (EXTRA, {"vocab_size": 10}, "too small"),
    ],
    ids=["no-texts", "blank-texts", "bad-algorithm", "tiny-vocab"],
)
def test_bad_arguments_are_rejected(bad_texts, options, message):
    with pytest.raises(ValueError, match=message):
        train_tokenizer(bad_texts, **options)


def test_load_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_tokenizer(tmp_path / "nope")
