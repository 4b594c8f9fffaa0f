"""Command line for the NLP models: ``ioc nlp train | evaluate | predict | pretrain | models |
promote | rollback``.

The host mounts :data:`app` under ``ioc nlp``; it also runs alone as ``python -m nlp.cli``.
``train`` and ``pretrain`` pass their options straight to :mod:`nlp.train` and
:mod:`nlp.pretrain` (``ioc nlp train --help`` lists them all, ``--preset`` included).
Without ``--registry`` the commands use the deployment's models folder (``<data_dir>/models``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from nlp import pretrain as pretrain_script
from nlp import train as train_script
from nlp.corpus import load_corpus
from nlp.data import labelled_frame, read_frame
from nlp.evaluate import baseline_reference, map_labels, parse_label_map, write_report
from nlp.evaluate import evaluate as run_evaluation
from nlp.inference import TextClassifier
from nlp.preprocess import strip_diacritics
from nlp.registry import ModelRegistry, RegistryError

app = typer.Typer(
    name="nlp",
    help="Mô hình phân loại văn bản tiếng Việt: huấn luyện, đánh giá, gán nhãn, quản lý phiên bản.",
    no_args_is_help=True,
    add_completion=False,
)

RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        help="Thư mục registry (mặc định: thư mục models của triển khai, <data_dir>/models).",
    ),
]
PASSTHROUGH = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}


def _fail(message: str) -> None:
    typer.secho(f"Lỗi: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


def _registry(root: Path | None) -> ModelRegistry:
    return ModelRegistry(root)


@app.command(context_settings=PASSTHROUGH)
def train(ctx: typer.Context) -> None:
    """Huấn luyện TF-IDF, transformer và hybrid rồi so sánh trên tập dev.

    Mọi tuỳ chọn được chuyển cho nlp.train, ví dụ:
    ioc nlp train --dataset seed --label-column sentiment --output-dir out/sentiment --register
    ioc nlp train --preset tiny --dataset seed --label-column topic --output-dir out/quick
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        result = train_script.main(ctx.args)
    except (ValueError, KeyError, FileNotFoundError) as error:
        _fail(str(error))
    typer.echo(_variant_table(result))
    typer.echo(f"Chọn: {result['selected']} → {result['selected_dir']}")
    if result.get("registered"):
        state = "đã đưa vào sử dụng" if result["promoted"] else "chưa đưa vào sử dụng"
        typer.echo(f"Đăng ký: {result['registered']} ({state})")
        if result.get("promotion_message"):
            typer.echo(result["promotion_message"])


def _variant_table(result: dict[str, Any]) -> str:
    lines = ["biến thể         dev macro-F1  test macro-F1  giây"]
    for name, variant in result["variants"].items():
        test = variant["test"]["macro_f1"] if variant.get("test") else None
        test_text = "     –" if test is None else f"{test:.4f}"
        lines.append(f"{name:<16} {variant['dev']['macro_f1']:.4f}        {test_text}         {variant['seconds']:.1f}")
    return "\n".join(lines)


@app.command(context_settings=PASSTHROUGH)
def pretrain(ctx: typer.Context) -> None:
    """Tiền huấn luyện masked-LM trên văn bản chưa gán nhãn (tuỳ chọn chuyển cho nlp.pretrain)."""
    try:
        info = pretrain_script.main(ctx.args)
    except (ValueError, KeyError, FileNotFoundError) as error:
        _fail(str(error))
    typer.echo(f"Xong: {info['texts']} văn bản, loss theo epoch {info['epoch_losses']}")


def _load_labelled(data: Path | None, split: str, text_column: str, label_column: str) -> Any:
    if data is None:
        frame, source = load_corpus(split), f"seed:{split}"
    else:
        frame, source = read_frame(data), str(data)
    return labelled_frame(frame, text_column, label_column, source)


@app.command()
def evaluate(
    model: Annotated[
        str,
        typer.Argument(help="Tác vụ (sentiment), phiên bản (sentiment/v0002) hoặc thư mục mô hình."),
    ] = "sentiment",
    data: Annotated[Path | None, typer.Option(help="Tệp dữ liệu có nhãn; mặc định kho ngữ liệu hạt giống.")] = None,
    split: Annotated[str, typer.Option(help="Phần của kho ngữ liệu hạt giống khi không có --data.")] = "test",
    text_column: Annotated[str, typer.Option(help="Cột văn bản.")] = "text",
    label_column: Annotated[str | None, typer.Option(help="Cột nhãn; mặc định tên tác vụ, rồi 'label'.")] = None,
    label_map: Annotated[
        list[str] | None,
        typer.Option(help="Ánh xạ nhãn dữ liệu → mô hình, ví dụ pos=positive,neg=negative (lặp được)."),
    ] = None,
    baseline: Annotated[
        bool, typer.Option(help="Kèm TF-IDF huấn luyện trên chính tệp (kiểm định chéo) để tham chiếu.")
    ] = True,
    strip_diacritics_: Annotated[
        bool, typer.Option("--strip-diacritics", help="Đánh giá trên bản sao đã bỏ dấu tiếng Việt.")
    ] = False,
    out: Annotated[Path | None, typer.Option(help="Thư mục ghi report.json và report.md.")] = None,
    registry: RegistryOption = None,
) -> None:
    """Đánh giá một mô hình trên tệp có nhãn bất kỳ: accuracy, macro-F1, từng nhãn, ma trận nhầm lẫn,
    hiệu chuẩn, và TF-IDF huấn luyện trên chính tệp đó để so sánh."""
    try:
        classifier = TextClassifier(model, registry=_registry(registry))
        column = label_column or classifier.task
        if data is not None and label_column is None and column not in read_frame(data).columns:
            column = "label"
        frame = _load_labelled(data, split, text_column, column)
        mapping = parse_label_map(label_map)
        labels = map_labels(frame["label"].tolist(), mapping, classifier.labels)
        texts = frame["text"].tolist()
        if strip_diacritics_:
            texts = [strip_diacritics(text) for text in texts]
        report = run_evaluation(classifier, texts, labels)
        report["label_map"] = mapping
        report["stripped_diacritics"] = strip_diacritics_
        if baseline:
            report["baseline"] = baseline_reference(texts, labels)
    except (ValueError, KeyError, FileNotFoundError) as error:
        _fail(str(error))
    typer.echo(
        f"{report['model']}: accuracy {report['accuracy']:.4f}, "
        f"macro-F1 {report['macro_f1']:.4f}, ECE {report['calibration']['ece']:.4f} "
        f"({report['n']} mẫu)"
    )
    if report.get("baseline"):
        typer.echo(
            f"Tham chiếu TF-IDF trên chính tệp ({report['baseline']['folds']} phần): "
            f"macro-F1 {report['baseline']['macro_f1']:.4f}"
        )
    elif baseline:
        typer.echo("Không có tham chiếu TF-IDF: mỗi nhãn cần ít nhất 2 văn bản.")
    if out is not None:
        paths = write_report(report, out)
        typer.echo(f"Báo cáo: {paths['json']} và {paths['markdown']}")


@app.command()
def predict(
    model: Annotated[str, typer.Argument(help="Tác vụ, phiên bản hoặc thư mục mô hình.")],
    texts: Annotated[list[str] | None, typer.Argument(help="Các văn bản cần gán nhãn.")] = None,
    input: Annotated[Path | None, typer.Option("--input", help="Tệp CSV/JSONL/Parquet đầu vào.")] = None,
    text_column: Annotated[str, typer.Option(help="Cột văn bản của tệp đầu vào.")] = "text",
    output: Annotated[Path | None, typer.Option(help="Tệp CSV ghi kết quả (với --input).")] = None,
    batch_size: Annotated[int, typer.Option(help="Số văn bản mỗi lượt.")] = 64,
    registry: RegistryOption = None,
) -> None:
    """Gán nhãn cho văn bản (đối số) hoặc cho một tệp (--input, ghi --output)."""
    if not texts and input is None:
        _fail("cần văn bản hoặc --input")
    classifier = TextClassifier(model, registry=_registry(registry))
    try:
        if input is not None:
            from tqdm.auto import tqdm

            frame = read_frame(input)
            parts = []
            step = max(batch_size * 16, 1)
            for start in tqdm(range(0, len(frame), step), desc="Gán nhãn", unit="khối"):
                parts.append(
                    classifier.predict_frame(frame.iloc[start : start + step], text_column, batch_size=batch_size)
                )
            import pandas as pd

            result = pd.concat(parts) if parts else classifier.predict_frame(frame, text_column)
            target = output or input.with_name(f"{input.stem}.{classifier.task}.csv")
            result.to_csv(target, index=False)
            typer.echo(f"Đã ghi {len(result)} dòng vào {target} (mô hình {classifier.model_version})")
        for prediction, text in zip(classifier.predict(texts or [], batch_size), texts or []):
            typer.echo(
                json.dumps(
                    {
                        "text": text,
                        "label": prediction.label,
                        "score": round(prediction.score, 4),
                        "model": prediction.model_version,
                    },
                    ensure_ascii=False,
                )
            )
    except (ValueError, KeyError, FileNotFoundError, TypeError) as error:
        _fail(str(error))


@app.command()
def models(
    task: Annotated[str | None, typer.Option(help="Chỉ liệt kê một tác vụ.")] = None,
    registry: RegistryOption = None,
) -> None:
    """Liệt kê các phiên bản mô hình đã đăng ký (* = đang sử dụng)."""
    try:
        entries = _registry(registry).list(task)
    except RegistryError as error:
        _fail(str(error))
    if not entries:
        typer.echo("Chưa có mô hình nào được đăng ký.")
        return
    typer.echo(f"  {'phiên bản':<22} {'loại':<12} {'dev F1':>7} {'baseline':>9} {'đăng ký (UTC)':<20}")
    for entry in entries:
        mark = "*" if entry.is_current else " "
        f1, base = entry.dev_macro_f1(), entry.baseline_dev_macro_f1()
        typer.echo(
            f"{mark} {entry.id:<22} {entry.kind:<12} "
            f"{'–' if f1 is None else f'{f1:.4f}':>7} {'–' if base is None else f'{base:.4f}':>9} "
            f"{entry.created_utc[:19]:<20}"
        )


@app.command()
def promote(
    task: Annotated[str, typer.Argument(help="Tác vụ, ví dụ sentiment.")],
    version: Annotated[str, typer.Argument(help="Phiên bản, ví dụ v0003 hoặc 3.")],
    force: Annotated[bool, typer.Option("--force", help="Bỏ qua kiểm tra so với baseline TF-IDF.")] = False,
    registry: RegistryOption = None,
) -> None:
    """Đưa một phiên bản vào sử dụng (phải tốt hơn baseline TF-IDF trên tập dev)."""
    try:
        entry = _registry(registry).promote(task, version, force=force)
    except RegistryError as error:
        _fail(str(error))
    typer.echo(f"Đang sử dụng: {entry.id}")


@app.command()
def rollback(
    task: Annotated[str, typer.Argument(help="Tác vụ, ví dụ sentiment.")],
    registry: RegistryOption = None,
) -> None:
    """Quay lại phiên bản được sử dụng trước đó."""
    try:
        entry = _registry(registry).rollback(task)
    except RegistryError as error:
        _fail(str(error))
    typer.echo(f"Đang sử dụng: {entry.id}")


if __name__ == "__main__":  # pragma: no cover
    app()
