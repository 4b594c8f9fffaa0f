"""Domain-adaptive masked-language-model pretraining on unlabelled Vietnamese text.

Unlabelled posts and citizen reports are plentiful; labels are not. Pretraining the encoder
to fill in masked words of that text teaches it the domain's vocabulary before it sees a
label. Start from scratch (a small BERT with a tokenizer learnt on the same text) or keep
pretraining a local checkpoint (``--base-model``, e.g. PhoBERT). The output directory is a
normal Hugging Face checkpoint: pass it to :mod:`nlp.train` as ``--base-model`` (or
``--mlm-checkpoint`` for the ``transformer_mlm`` variant). The arguments are
:class:`nlp.arguments.PretrainArguments`; in code, call :func:`run_pretraining` with them.

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
from dataclasses import asdict
from pathlib import Path
from typing import Any

from nlp.arguments import PretrainArguments
from nlp.data import read_texts
from nlp.inference import model_inputs
from nlp.model_info import preprocess_texts
from nlp.modeling import checkpoint_max_length
from nlp.preprocess import PLACEHOLDERS
from nlp.presets import Preset, parse_with_preset
from nlp.tokenizer import load_tokenizer, offline_hub, quiet_transformers, train_tokenizer
from nlp.training_loop import (
    autocast_context,
    grad_scaler,
    make_optimizer,
    optimizer_step,
    precision_of,
    resolve_device,
    seed_everything,
)

__all__ = ["PRETRAIN_INFO_FILE", "PretrainArguments", "main", "pretrain_model", "run_pretraining"]

logger = logging.getLogger("nlp.pretrain")
PRETRAIN_INFO_FILE = "nlp_pretrain.json"


def _masked_lm(args: PretrainArguments, tokenizer: Any) -> tuple[Any, Any]:
    """The masked-LM model and its tokenizer: from the checkpoint or from scratch."""
    from transformers import AutoModelForMaskedLM, BertConfig, RobertaConfig

    if args.base_model:
        return AutoModelForMaskedLM.from_pretrained(args.base_model), load_tokenizer(args.base_model)
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


def pretrain_model(args: PretrainArguments, texts: Sequence[str], tokenizer: Any = None) -> dict[str, Any]:
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

    offline_hub()
    quiet_transformers()
    started = time.perf_counter()
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise ValueError("không có văn bản nào để tiền huấn luyện")
    seed_everything(args.seed)
    if tokenizer is None and not args.base_model:
        if args.tokenizer_dir:
            tokenizer = load_tokenizer(args.tokenizer_dir)
        else:
            tokenizer = train_tokenizer(
                texts,
                vocab_size=args.vocab_size,
                model_max_length=args.max_length,
                extra_tokens=PLACEHOLDERS,
            )
    model, tokenizer = _masked_lm(args, tokenizer)
    max_length = args.max_length
    if args.base_model:
        max_length = checkpoint_max_length(args.base_model, args.max_length)
    device = resolve_device(args.device)
    precision = precision_of(args.fp16, args.bf16)
    encodings = tokenizer(texts, truncation=True, max_length=max_length)["input_ids"]
    collator = DataCollatorForLanguageModeling(tokenizer=tokenizer, mlm_probability=args.mlm_probability)
    steps_per_epoch = (len(texts) + args.batch_size - 1) // args.batch_size
    learning_rate = args.learning_rate or (5e-5 if args.base_model else 1e-3)
    model.to(device)
    optimizer, scheduler = make_optimizer(model, learning_rate, 0.01, steps_per_epoch * args.epochs, 0.1)
    scaler = grad_scaler(device, precision)
    generator = torch.Generator().manual_seed(args.seed)
    losses = []
    bar = tqdm(total=steps_per_epoch * args.epochs, desc="MLM", disable=not args.progress, leave=False)
    model.train()
    for _ in range(args.epochs):
        order = torch.randperm(len(texts), generator=generator).tolist()
        running = 0.0
        for start in range(0, len(order), args.batch_size):
            batch = collator([{"input_ids": encodings[i]} for i in order[start : start + args.batch_size]])
            batch = batch.to(device) if hasattr(batch, "to") else {k: v.to(device) for k, v in batch.items()}
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
    (out / PRETRAIN_INFO_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    return info


def parse_args(argv: Sequence[str] | None = None) -> PretrainArguments:
    """Parse command-line arguments; ``--preset`` sets the encoder size and the schedule."""
    (args,) = parse_with_preset(
        (PretrainArguments,),
        argv,
        "Tiền huấn luyện masked-LM trên văn bản tiếng Việt chưa gán nhãn.",
        Preset.pretrain_values,
    )
    args.validate()
    return args


def run_pretraining(args: PretrainArguments) -> dict[str, Any]:
    """Read ``args.input_file``, preprocess its texts as for training, pretrain and save.

    Returns
    -------
    dict
        What :func:`pretrain_model` returns (also written to ``nlp_pretrain.json``).
    """
    import torch

    args.validate()
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


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """The command line: parse the arguments, then :func:`run_pretraining`."""
    return run_pretraining(parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
