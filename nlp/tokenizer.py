"""Subword tokenizer trained on the project's own Vietnamese text.

The default classifiers are trained from scratch, so their vocabulary is learnt from the
domain text itself (posts, citizen reports) with Hugging Face ``tokenizers`` and wrapped as a
``transformers.PreTrainedTokenizerFast``. Diacritics are kept: in Vietnamese they separate
words (``ma``, ``má``, ``mà``, ``mã``, ``mạ``, ``mả`` are six different words), so the normaliser
lower-cases but never strips accents.

Words joined by ``_`` (the output of optional word segmentation, ``thành_phố``) stay one
pre-token; other punctuation is split off.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: Special tokens shared by every tokenizer the project trains (BERT conventions).
SPECIAL_TOKENS: dict[str, str] = {
    "pad_token": "[PAD]",
    "unk_token": "[UNK]",
    "cls_token": "[CLS]",
    "sep_token": "[SEP]",
    "mask_token": "[MASK]",
}

ALGORITHMS = ("bpe", "wordpiece")


def offline_hub() -> None:
    """Tell ``huggingface_hub``/``transformers`` never to reach the network.

    The workbench runs in provincial data centres without internet access; every checkpoint
    is a local directory, so an accidental download attempt must fail fast instead of hanging.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def quiet_transformers() -> None:
    """Silence transformers' load reports and per-file progress bars (our own bars remain)."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def vietnamese_alphabet() -> list[str]:
    """Lower-case Vietnamese letters with every tone, ASCII letters, digits and punctuation.

    Given to the trainer as its initial alphabet so that characters absent from a small
    training corpus (a rare toned vowel, a bracket) still get a token instead of ``[UNK]``.
    """
    import string
    import unicodedata

    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    vowels = [
        "a",
        "a\u0306",
        "a\u0302",
        "e",
        "e\u0302",
        "i",
        "o",
        "o\u0302",
        "o\u031b",
        "u",
        "u\u031b",
        "y",
    ]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    letters |= set(string.ascii_lowercase) | set(string.digits) | set(string.punctuation) | {"đ"}
    return sorted(letters)


def _build_backend(algorithm: str) -> Any:
    """Return an untrained ``tokenizers.Tokenizer`` with our normaliser and pre-tokeniser."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers

    unk = SPECIAL_TOKENS["unk_token"]
    # NFC first: text typed on different keyboards mixes composed and decomposed diacritics.
    normalizer = normalizers.Sequence(
        [
            normalizers.NFC(),
            normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=False, lowercase=True),
        ]
    )
    # Isolate every non-word character; ``\w`` keeps ``_`` so segmented compounds such as
    # ``thành_phố`` stay one pre-token.
    punctuation = pre_tokenizers.Split(Regex(r"[^\w\s]"), behavior="isolated")
    if algorithm == "bpe":
        backend = Tokenizer(models.BPE(unk_token=unk))
        # Word starts are marked with "▁" (SentencePiece style) rather than "##" on
        # continuations: the "##" bookkeeping makes tokenizers' trainer non-deterministic
        # (huggingface/tokenizers#1794), this one trains to the same vocabulary every time.
        backend.pre_tokenizer = pre_tokenizers.Sequence(
            [
                pre_tokenizers.WhitespaceSplit(),
                punctuation,
                pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False),
            ]
        )
        backend.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    else:
        backend = Tokenizer(models.WordPiece(unk_token=unk))
        backend.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), punctuation])
        backend.decoder = decoders.WordPiece(prefix="##")
    backend.normalizer = normalizer
    return backend


def train_tokenizer(
    texts: Iterable[str],
    *,
    vocab_size: int = 8000,
    min_frequency: int = 2,
    algorithm: str = "bpe",
    model_max_length: int = 128,
    extra_tokens: Sequence[str] = (),
    show_progress: bool = False,
) -> Any:
    """Train a subword tokenizer on ``texts`` and wrap it for ``transformers``.

    Parameters
    ----------
    texts
        Training text, already passed through :func:`nlp.preprocess.preprocess`.
    vocab_size
        Upper bound of the vocabulary (special tokens included). Small corpora give
        smaller vocabularies.
    min_frequency
        Minimum count for a merge / word piece to enter the vocabulary.
    algorithm
        ``"bpe"`` (default: word starts marked with ``▁``; trains to the same vocabulary
        on every run) or ``"wordpiece"`` (BERT style ``##`` continuations; tokenizers
        0.23 may pick different merges between runs when counts tie, see
        huggingface/tokenizers#1794).
    model_max_length
        Longest input in tokens; longer inputs are truncated at encoding time.
    extra_tokens
        Tokens that must never be split, such as the placeholders ``<url>`` and ``<phone>``
        written by :func:`nlp.preprocess.preprocess`.
    show_progress
        Show the ``tokenizers`` training progress bar.

    Returns
    -------
    transformers.PreTrainedTokenizerFast
        With ``[UNK] [PAD] [CLS] [SEP] [MASK]`` special tokens and a ``[CLS] x [SEP]``
        template, ready for ``save_pretrained``.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown tokenizer algorithm {algorithm!r}; choose one of {ALGORITHMS}")
    if vocab_size < 50:
        raise ValueError(f"vocab_size={vocab_size} is too small (at least 50)")
    texts = [t for t in texts if isinstance(t, str) and t.strip()]
    if not texts:
        raise ValueError("cannot train a tokenizer on an empty text collection")

    offline_hub()
    from tokenizers import processors, trainers
    from transformers import PreTrainedTokenizerFast

    backend = _build_backend(algorithm)
    special = list(SPECIAL_TOKENS.values())
    trainer_class = trainers.WordPieceTrainer if algorithm == "wordpiece" else trainers.BpeTrainer
    alphabet = vietnamese_alphabet() + (["▁"] if algorithm == "bpe" else [])
    trainer = trainer_class(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=special,
        show_progress=show_progress,
        initial_alphabet=alphabet,
    )
    backend.train_from_iterator(texts, trainer=trainer, length=len(texts))
    if extra_tokens:
        from tokenizers import AddedToken

        backend.add_tokens([AddedToken(t, single_word=False, normalized=True) for t in extra_tokens])
    cls, sep = SPECIAL_TOKENS["cls_token"], SPECIAL_TOKENS["sep_token"]
    backend.post_processor = processors.TemplateProcessing(
        single=f"{cls} $A {sep}",
        pair=f"{cls} $A {sep} $B:1 {sep}:1",
        special_tokens=[(cls, backend.token_to_id(cls)), (sep, backend.token_to_id(sep))],
    )
    return PreTrainedTokenizerFast(tokenizer_object=backend, model_max_length=model_max_length, **SPECIAL_TOKENS)


def load_tokenizer(path: str | os.PathLike) -> Any:
    """Load the tokenizer saved in a local directory (ours, or a checkpoint's own).

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a directory holding a tokenizer.
    """
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"không tìm thấy thư mục tokenizer: {path}")
    offline_hub()
    quiet_transformers()
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path))
