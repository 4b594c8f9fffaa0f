"""Domain-adaptive masked-language-model pretraining on unlabelled Vietnamese text.

Unlabelled posts and citizen reports are plentiful; labels are not. Pretraining the encoder
to fill in masked words of that text teaches it the domain's vocabulary before it sees a
label. Start from scratch (a small BERT with a tokenizer learnt on the same text) or keep
pretraining a local checkpoint (``--base-model``, e.g. PhoBERT). The output directory is a
normal Hugging Face checkpoint: pass it to :mod:`nlp.train` as ``--base-model`` (or
``--mlm-checkpoint`` for the ``transformer_mlm`` variant).

Input: a CSV/TSV/JSONL/JSON/Parquet file with a text column, or a TXT file with one text
per line.

Example
-------
``python -m nlp.pretrain --input-file posts.csv --output-dir data/models/_pretrained/posts-mlm``
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nlp.train import (
    autocast_context,
    grad_scaler,
    make_optimizer,
    optimizer_step,
    precision_of,
    read_frame,
    resolve_device,
    seed_everything,
)

logger = logging.getLogger("nlp.pretrain")
PRETRAIN_INFO_FILE = "nlp_pretrain.json"


@dataclass
class PretrainArguments:
    """Arguments of masked-LM pretraining."""

    input_file: str = field(
        metadata={"help": "Unlabelled texts: CSV/TSV/JSONL/JSON/Parquet or TXT."}
    )
    output_dir: str = field(metadata={"help": "Checkpoint directory to write."})
    text_column: str = field(default="text", metadata={"help": "Column holding the text."})
    base_model: str | None = field(
        default=None, metadata={"help": "Local checkpoint to keep pretraining (else from scratch)."}
    )
    tokenizer_dir: str | None = field(
        default=None, metadata={"help": "Reuse this tokenizer instead of learning one (scratch)."}
    )
    model_type: str = field(
        default="bert",
        metadata={"help": "Architecture from scratch.", "choices": ["bert", "roberta"]},
    )
    vocab_size: int = field(default=8000, metadata={"help": "Tokenizer vocabulary (scratch)."})
    hidden_size: int = field(default=128, metadata={"help": "Hidden size (scratch)."})
    num_layers: int = field(default=2, metadata={"help": "Layers (scratch)."})
    num_heads: int = field(default=4, metadata={"help": "Attention heads (scratch)."})
    intermediate_size: int = field(default=512, metadata={"help": "Feed-forward size (scratch)."})
    max_length: int = field(default=96, metadata={"help": "Longest input in tokens."})
    epochs: int = field(default=3, metadata={"help": "Passes over the texts."})
    batch_size: int = field(default=32, metadata={"help": "Batch size."})
    learning_rate: float | None = field(
        default=None, metadata={"help": "Peak LR; 1e-3 from scratch, 5e-5 for --base-model."}
    )
    mlm_probability: float = field(default=0.15, metadata={"help": "Share of tokens masked."})
    segment: bool = field(default=False, metadata={"help": "Word-segment in preprocess()."})
    lowercase: bool = field(default=True, metadata={"help": "Lower-case in preprocess()."})
    seed: int = field(default=42, metadata={"help": "Random seed."})
    device: str = field(
        default="cpu", metadata={"help": "Device.", "choices": ["cpu", "cuda", "auto"]}
    )
    fp16: bool = field(default=False, metadata={"help": "float16 mixed precision (CUDA)."})
    bf16: bool = field(default=False, metadata={"help": "bfloat16 mixed precision."})
    num_threads: int = field(default=2, metadata={"help": "CPU threads (0 = torch default)."})
    progress: bool = field(default=True, metadata={"help": "Show progress bars."})


def read_texts(path: str | Path, text_column: str = "text") -> list[str]:
    """Non-empty texts of a data file (see :func:`nlp.train.read_frame` for formats)."""
    frame = read_frame(path)
    if text_column not in frame.columns:
        raise KeyError(
            f"{path}: không có cột {text_column!r}; các cột hiện có: "
            f"{', '.join(map(str, frame.columns))}"
        )
    return [t for t in frame[text_column].tolist() if isinstance(t, str) and t.strip()]


def _masked_lm(args: PretrainArguments, tokenizer: Any) -> tuple[Any, Any]:
    """The masked-LM model and its tokenizer: from the checkpoint or from scratch."""
    from transformers import AutoModelForMaskedLM, BertConfig, RobertaConfig

    from nlp.tokenizer import load_tokenizer

    if args.base_model:
        return AutoModelForMaskedLM.from_pretrained(args.base_model), load_tokenizer(
            args.base_model
        )
    common = dict(
        vocab_size=len(tokenizer),
        hidden_size=args.hidden_size,
        num_hidden_layers=args.num_layers,
        num_attention_heads=args.num_heads,
        intermediate_size=args.intermediate_size,
        pad_token_id=tokenizer.pad_token_id,
    )
    if args.model_type == "roberta":
        config = RobertaConfig(
            max_position_embeddings=args.max_length + 2,
            type_vocab_size=1,
            bos_token_id=tokenizer.cls_token_id,
            eos_token_id=tokenizer.sep_token_id,
            **common,
        )
    else:
        config = BertConfig(max_position_embeddings=args.max_length, **common)
    return AutoModelForMaskedLM.from_config(config), tokenizer


def pretrain_model(
    args: PretrainArguments, texts: Sequence[str], tokenizer: Any = None
) -> dict[str, Any]:
    """Pretrain on already preprocessed ``texts`` and save the checkpoint to ``args.output_dir``.

    Parameters
    ----------
    args
        Pretraining arguments (``input_file`` is not read here).
    texts
        Preprocessed training texts.
    tokenizer
        Tokenizer for a from-scratch model; learnt from ``texts`` when ``None``.

    Returns
    -------
    dict
        The information also written to ``nlp_pretrain.json`` (losses, timing, sizes).
    """
    import torch
    from tqdm.auto import tqdm
    from transformers import DataCollatorForLanguageModeling

    from nlp.inference import model_inputs
    from nlp.tokenizer import offline_hub, quiet_transformers, train_tokenizer

    offline_hub()
    quiet_transformers()
    started = time.perf_counter()
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise ValueError("không có văn bản nào để tiền huấn luyện")
    seed_everything(args.seed)
    if tokenizer is None and not args.base_model:
        if args.tokenizer_dir:
            from nlp.tokenizer import load_tokenizer

            tokenizer = load_tokenizer(args.tokenizer_dir)
        else:
            from nlp.preprocess import PLACEHOLDERS

            tokenizer = train_tokenizer(
                texts,
                vocab_size=args.vocab_size,
                model_max_length=args.max_length,
                extra_tokens=PLACEHOLDERS,
            )
    model, tokenizer = _masked_lm(args, tokenizer)
    max_length = args.max_length
    if args.base_model:
        from nlp.train import checkpoint_max_length

        max_length = checkpoint_max_length(args.base_model, args.max_length)
    device = resolve_device(args.device)
    precision = precision_of(args.fp16, args.bf16)
    encodings = tokenizer(texts, truncation=True, max_length=max_length)["input_ids"]
    collator = DataCollatorForLanguageModeling(
        tokenizer=tokenizer, mlm_probability=args.mlm_probability
    )
    steps_per_epoch = (len(texts) + args.batch_size - 1) // args.batch_size
    learning_rate = args.learning_rate or (5e-5 if args.base_model else 1e-3)
    model.to(device)
    optimizer, scheduler = make_optimizer(
        model, learning_rate, 0.01, steps_per_epoch * args.epochs, 0.1
    )
    scaler = grad_scaler(device, precision)
    generator = torch.Generator().manual_seed(args.seed)
    losses = []
    bar = tqdm(
        total=steps_per_epoch * args.epochs, desc="MLM", disable=not args.progress, leave=False
    )
    model.train()
    for _ in range(args.epochs):
        order = torch.randperm(len(texts), generator=generator).tolist()
        running = 0.0
        for start in range(0, len(order), args.batch_size):
            batch = collator(
                [{"input_ids": encodings[i]} for i in order[start : start + args.batch_size]]
            )
            batch = (
                batch.to(device)
                if hasattr(batch, "to")
                else {k: v.to(device) for k, v in batch.items()}
            )
            with autocast_context(device, precision):
                loss = model(**model_inputs(model, batch)).loss
            optimizer_step(loss.float(), model, optimizer, scheduler, scaler)
            running += loss.item()
            bar.update(1)
        losses.append(running / steps_per_epoch)
        bar.set_postfix(loss=f"{losses[-1]:.3f}")
    bar.close()
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.to("cpu").save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    info = {
        "kind": "mlm_checkpoint",
        "base_model": args.base_model,
        "texts": len(texts),
        "epoch_losses": losses,
        "seconds": round(time.perf_counter() - started, 2),
        "preprocess": {"segment": args.segment, "lowercase": args.lowercase},
        "args": asdict(args),
    }
    (out / PRETRAIN_INFO_FILE).write_text(
        json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return info


def parse_args(argv: Sequence[str] | None = None) -> PretrainArguments:
    """Parse command-line arguments."""
    from transformers import HfArgumentParser

    parser = HfArgumentParser(PretrainArguments)
    parser.description = "Tiền huấn luyện masked-LM trên văn bản tiếng Việt chưa gán nhãn."
    (args,) = parser.parse_args_into_dataclasses(args=list(argv) if argv is not None else None)
    if args.base_model and not Path(args.base_model).is_dir():
        raise FileNotFoundError(f"--base-model: không có thư mục {args.base_model}")
    if args.epochs < 1:
        raise ValueError("--epochs phải ít nhất là 1")
    return args


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Read the texts, preprocess them as for training, pretrain and save."""
    import torch

    from nlp.inference import preprocess_texts

    args = parse_args(argv)
    if args.num_threads > 0:
        torch.set_num_threads(args.num_threads)
    texts = preprocess_texts(
        read_texts(args.input_file, args.text_column),
        {"segment": args.segment, "lowercase": args.lowercase},
    )
    info = pretrain_model(args, texts)
    logger.info(
        "MLM: %d văn bản, loss theo epoch %s -> %s",
        info["texts"],
        info["epoch_losses"],
        args.output_dir,
    )
    return info


if __name__ == "__main__":  # pragma: no cover
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
