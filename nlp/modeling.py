"""Transformer classifiers to fine-tune: a small one from scratch, or a local checkpoint.

``label2id``/``id2label`` are written into every model config (as transformers'
``run_classification.py`` does), so a saved model names its own classes. transformers is
imported inside the functions.
"""

from __future__ import annotations

from typing import Any

from nlp.arguments import ModelArguments


def scratch_config(model_args: ModelArguments, tokenizer: Any, labels: list[str], task: str) -> Any:
    """A small BERT/RoBERTa configuration for training from scratch."""
    from transformers import BertConfig, RobertaConfig

    common = dict(
        vocab_size=len(tokenizer),
        hidden_size=model_args.hidden_size,
        num_hidden_layers=model_args.num_layers,
        num_attention_heads=model_args.num_heads,
        intermediate_size=model_args.intermediate_size,
        hidden_dropout_prob=model_args.dropout,
        attention_probs_dropout_prob=model_args.dropout,
        pad_token_id=tokenizer.pad_token_id,
        **label_config(labels, task),
    )
    if model_args.model_type == "roberta":
        # RoBERTa numbers positions from pad_token_id + 1, hence the two extra slots.
        return RobertaConfig(
            max_position_embeddings=model_args.max_length + 2,
            type_vocab_size=1,
            bos_token_id=tokenizer.cls_token_id,
            eos_token_id=tokenizer.sep_token_id,
            **common,
        )
    return BertConfig(max_position_embeddings=model_args.max_length, **common)


def label_config(labels: list[str], task: str) -> dict[str, Any]:
    """``label2id``/``id2label`` for a model config (the task name lives in nlp_model.json)."""
    return {
        "num_labels": len(labels),
        "id2label": dict(enumerate(labels)),
        "label2id": {label: i for i, label in enumerate(labels)},
        "problem_type": "single_label_classification",
    }


def checkpoint_max_length(path: str, wanted: int) -> int:
    """Longest input a checkpoint accepts, capped at ``wanted``."""
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(path)
    positions = getattr(config, "max_position_embeddings", wanted)
    # RoBERTa-family checkpoints reserve pad_token_id + 1 positions.
    offset = 2 if config.model_type in {"roberta", "xlm-roberta", "camembert"} else 0
    return max(8, min(wanted, positions - offset))


def classifier_from_checkpoint(path: str, labels: list[str], task: str) -> Any:
    """Load a local checkpoint with a fresh classification head for ``labels``."""
    from transformers import AutoConfig, AutoModelForSequenceClassification

    config = AutoConfig.from_pretrained(path, **label_config(labels, task))
    return AutoModelForSequenceClassification.from_pretrained(path, config=config, ignore_mismatched_sizes=True)
