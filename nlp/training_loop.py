"""The training loop shared by fine-tuning and masked-LM pretraining.

Seeding, device choice, mixed precision (``torch.autocast``; a gradient scaler for float16
on CUDA), AdamW with linear warm-up and decay, one optimiser step with gradient clipping,
and :func:`fine_tune`, which trains a sequence classifier and keeps the weights of its best
dev epoch. torch is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import random
from contextlib import nullcontext
from typing import Any

import numpy as np

from nlp.arguments import TrainingArguments
from nlp.calibration import apply_temperature
from nlp.evaluate import report_from_proba
from nlp.inference import TransformerModel, model_inputs


# --------------------------------------------------------------------------- torch helpers
def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def resolve_device(name: str) -> Any:
    """``cpu``, ``cuda`` or ``auto`` (CUDA when available) as a ``torch.device``."""
    import torch

    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda được chọn nhưng không có GPU CUDA")
    return torch.device(name)


def precision_of(fp16: bool, bf16: bool) -> str | None:
    """``"fp16"``, ``"bf16"`` or ``None``."""
    return "fp16" if fp16 else "bf16" if bf16 else None


def autocast_context(device: Any, precision: str | None):
    """Mixed precision around forward passes, or nothing in full precision."""
    import torch

    if precision is None:
        return nullcontext()
    dtype = torch.float16 if precision == "fp16" else torch.bfloat16
    return torch.autocast(device_type=device.type, dtype=dtype)


def make_optimizer(
    model: Any, learning_rate: float, weight_decay: float, total_steps: int, warmup_ratio: float
) -> tuple[Any, Any]:
    """AdamW (no decay on biases and LayerNorm) with linear warm-up and decay."""
    import torch

    decay, no_decay = [], []
    for name, parameter in model.named_parameters():
        if not parameter.requires_grad:
            continue
        (no_decay if parameter.ndim < 2 or "LayerNorm" in name else decay).append(parameter)
    optimizer = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=learning_rate,
    )
    warmup = max(1, int(total_steps * warmup_ratio))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def grad_scaler(device: Any, precision: str | None) -> Any:
    """A gradient scaler for float16 (needed to avoid underflow), else ``None``."""
    import torch

    if precision == "fp16" and device.type == "cuda":
        return torch.amp.GradScaler("cuda")
    return None


def optimizer_step(loss: Any, model: Any, optimizer: Any, scheduler: Any, scaler: Any) -> None:
    """Backward pass, gradient clipping at 1.0 and one optimiser step."""
    import torch

    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    scheduler.step()
    optimizer.zero_grad(set_to_none=True)


# --------------------------------------------------------------------------- fine-tuning
def fine_tune(
    model: Any,
    tokenizer: Any,
    train: tuple[list[str], list[int]],
    dev: tuple[list[str], list[str]],
    info: dict[str, Any],
    args: TrainingArguments,
    learning_rate: float,
    desc: str,
    soft_targets: np.ndarray | None = None,
    restorer: Any = None,
) -> tuple[Any, list[dict[str, float]]]:
    """Fine-tune a sequence classifier; keep the weights of the best dev epoch.

    With ``soft_targets`` (a teacher's probabilities, one row per training text) the loss is
    knowledge distillation: ``alpha * CE(label) + (1 - alpha) * T² * KL(teacher_T || student_T)``
    with ``alpha = args.distill_alpha`` and ``T = args.distill_temperature``; a label id of
    ``-1`` marks an unlabelled text, taught by the teacher alone. ``restorer`` is used when
    scoring dev, so the best epoch is the best as the model will be served.

    Returns the model (best state loaded, on CPU) and the per-epoch history.
    """
    import torch
    from tqdm.auto import tqdm

    device = resolve_device(args.device)
    precision = precision_of(args.fp16, args.bf16)
    texts, label_ids = train
    encodings = tokenizer(texts, truncation=True, max_length=info["max_length"])["input_ids"]
    steps_per_epoch = (len(texts) + args.batch_size - 1) // args.batch_size
    total = steps_per_epoch * args.epochs
    model.to(device)
    optimizer, scheduler = make_optimizer(model, learning_rate, args.weight_decay, total, args.warmup_ratio)
    scaler = grad_scaler(device, precision)
    loss_fn = torch.nn.CrossEntropyLoss(weight=_class_weights(label_ids, info, args, device), ignore_index=-1)
    teacher = None
    if soft_targets is not None:
        teacher = torch.tensor(apply_temperature(soft_targets, args.distill_temperature), dtype=torch.float32)
    generator = torch.Generator().manual_seed(args.seed)
    wrapper = TransformerModel(model, tokenizer, info, restorer)
    best_f1, best_state, history, stale = -1.0, None, [], 0
    bar = tqdm(total=total, desc=desc, disable=not args.progress, leave=False)
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(texts), generator=generator).tolist()
        running = 0.0
        for start in range(0, len(order), args.batch_size):
            index = order[start : start + args.batch_size]
            batch = tokenizer.pad({"input_ids": [encodings[i] for i in index]}, return_tensors="pt").to(device)
            target = torch.tensor([label_ids[i] for i in index], device=device)
            with autocast_context(device, precision):
                logits = model(**model_inputs(model, batch)).logits
            loss = _loss(loss_fn, logits.float(), target, teacher, index, args)
            optimizer_step(loss, model, optimizer, scheduler, scaler)
            running += loss.item()
            bar.update(1)
        proba = wrapper.predict_proba(dev[0], preprocessed=True)
        dev_f1 = report_from_proba(proba, wrapper.labels, dev[1])["macro_f1"]
        history.append({"epoch": epoch + 1, "loss": running / steps_per_epoch, "dev_macro_f1": dev_f1})
        bar.set_postfix(epoch=epoch + 1, loss=f"{running / steps_per_epoch:.3f}", dev_f1=f"{dev_f1:.3f}")
        if dev_f1 > best_f1:
            best_f1, stale = dev_f1, 0
            best_state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
        else:
            stale += 1
            if stale >= args.patience:
                break
    bar.close()
    model.load_state_dict(best_state)
    model.to("cpu").eval()
    return model, history


def _loss(loss_fn: Any, logits: Any, target: Any, teacher: Any, index: list[int], args: TrainingArguments) -> Any:
    """Cross-entropy on the labels, mixed with distillation from ``teacher`` when given."""
    import torch

    labelled = target >= 0
    hard = loss_fn(logits, target) if bool(labelled.any()) else logits.sum() * 0.0
    if teacher is None:
        return hard
    t = args.distill_temperature
    soft_target = teacher[index].to(logits.device)
    log_student = torch.log_softmax(logits / t, dim=-1)
    soft = torch.nn.functional.kl_div(log_student, soft_target, reduction="batchmean") * t * t
    return args.distill_alpha * hard + (1.0 - args.distill_alpha) * soft


def _class_weights(label_ids: list[int], info: dict, args: TrainingArguments, device: Any) -> Any:
    if args.class_weight != "balanced":
        return None
    import torch

    label_ids = [i for i in label_ids if i >= 0]
    counts = np.bincount(label_ids, minlength=len(info["labels"])).astype(np.float64)
    weights = len(label_ids) / (len(counts) * np.maximum(counts, 1.0))
    return torch.tensor(weights, dtype=torch.float32, device=device)
