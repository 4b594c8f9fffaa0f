"""Versioned model registry with promotion rules and model cards.

Layout under the root (by default the deployment's models folder, ``<data_dir>/models``,
as ``ioc.config.settings().paths.models`` names it)::

    <task>/v0001/            a copy of the model directory, plus
        registry_entry.json  task, version, kind, metrics, card info, created_utc
        MODEL_CARD.md        data, metrics vs baseline, intended use, limits, licence
    <task>/state.json        {"current": "v0002", "history": ["v0001", "v0002"]}
    <task>/events.jsonl      append-only log of register / promote / rollback

Registered versions are never modified or deleted by the registry. Promotion refuses a
model that does not beat the TF-IDF baseline on dev macro-F1 unless ``force=True``;
rollback returns to the previously promoted version.

Expected ``metrics`` layout (what :func:`nlp.results.registry_metrics` makes of a training run)::

    {"dev": {"macro_f1": .., "accuracy": ..}, "test": {...},
     "baseline": {"dev": {"macro_f1": ..}, "test": {...}}}
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ioc.config import settings as deployment_settings
from nlp.model_info import read_model_info

ENTRY_FILE = "registry_entry.json"
STATE_FILE = "state.json"
EVENTS_FILE = "events.jsonl"
CARD_FILE = "MODEL_CARD.md"

_TASK_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_VERSION_RE = re.compile(r"^v(\d{4,})$")

#: Licences of base checkpoints a province may have on disk. Always check the card that
#: came with your copy: licences change between releases.
KNOWN_LICENCES: dict[str, str] = {
    "phobert-base-v2": "AGPL-3.0 (vinai/phobert-base-v2): phân phối mô hình phái sinh, kể cả "
    "qua mạng, phải công bố mã nguồn theo AGPL",
    "phobert-large": "MIT (vinai/phobert-large)",
    "phobert-base": "MIT (vinai/phobert-base)",
    "phobert": "kiểm tra thẻ mô hình: phobert-base/large là MIT, phobert-base-v2 là AGPL-3.0",
    "visobert": "MIT (uitnlp/visobert); dữ liệu huấn luyện gốc có nội dung xúc phạm",
    "xlm-roberta": "MIT (FacebookAI/xlm-roberta-base, -large)",
    "xlm-r": "MIT (FacebookAI/xlm-roberta-base, -large)",
}
PROJECT_LICENCE = "Apache-2.0 (mô hình của dự án, huấn luyện từ đầu trên kho ngữ liệu hạt giống)"


class RegistryError(ValueError):
    """An unknown task/version, or an operation the registry state does not allow."""


class PromotionRefused(RegistryError):
    """The model does not beat the TF-IDF baseline on dev macro-F1 (use ``force=True``)."""


def default_registry_root() -> Path:
    """The deployment's models folder (``<data_dir>/models``).

    Read from ``ioc.config.settings().paths.models`` on every call, not at import, so a
    deployment (or a test) that changes its settings moves the registry with them: the
    deployment's settings own the data directory, the registry only receives a root.
    """
    return deployment_settings().paths.models


@dataclass(frozen=True)
class ModelVersion:
    """One registered model version.

    Attributes
    ----------
    task
        Task name (``sentiment``, ``topic``, ``sensitivity`` …).
    version
        ``"v0003"``.
    path
        Directory of the model (load it with :func:`nlp.inference.load_model`).
    kind
        ``transformer``, ``tfidf`` or ``hybrid``.
    metrics, card_info
        What was registered with it.
    created_utc
        ISO timestamp of registration.
    is_current
        Whether it is the promoted version of its task.
    """

    task: str
    version: str
    path: Path
    kind: str
    metrics: dict[str, Any] = field(default_factory=dict)
    card_info: dict[str, Any] = field(default_factory=dict)
    created_utc: str = ""
    is_current: bool = False

    @property
    def id(self) -> str:
        """``"task/v0003"``."""
        return f"{self.task}/{self.version}"

    def dev_macro_f1(self) -> float | None:
        """Dev macro-F1 of this model, if recorded."""
        return _nested(self.metrics, "dev", "macro_f1")

    def baseline_dev_macro_f1(self) -> float | None:
        """Dev macro-F1 of the TF-IDF baseline trained on the same data, if recorded."""
        return _nested(self.metrics, "baseline", "dev", "macro_f1")


def _nested(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON through a temporary file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


class ModelRegistry:
    """A directory of versioned models per task.

    Parameters
    ----------
    root
        Registry directory; created on first registration. Defaults to the deployment's
        models folder (``<data_dir>/models``, :func:`default_registry_root`), looked up
        when the registry is created.
    """

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root) if root is not None else default_registry_root()

    def __repr__(self) -> str:
        return f"ModelRegistry({str(self.root)!r})"

    # -- helpers
    def _task_dir(self, task: str) -> Path:
        if not isinstance(task, str) or not _TASK_RE.match(task):
            raise RegistryError(f"tên tác vụ không hợp lệ: {task!r} (chữ thường, số, dấu gạch dưới)")
        return self.root / task

    def tasks(self) -> list[str]:
        """Tasks that have at least one registered version."""
        if not self.root.is_dir():
            return []
        return sorted(
            p.name
            for p in self.root.iterdir()
            if p.is_dir() and _TASK_RE.match(p.name) and any(self._version_dirs(p.name))
        )

    def _version_dirs(self, task: str) -> list[Path]:
        task_dir = self._task_dir(task)
        if not task_dir.is_dir():
            return []
        found = [p for p in task_dir.iterdir() if p.is_dir() and _VERSION_RE.match(p.name)]
        return sorted(found, key=lambda p: int(p.name[1:]))

    def _state(self, task: str) -> dict[str, Any]:
        path = self._task_dir(task) / STATE_FILE
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
        return {"current": None, "history": []}

    def _log(self, task: str, event: str, **details: Any) -> None:
        record = {"time_utc": _now(), "event": event, "user": _user(), **details}
        with open(self._task_dir(task) / EVENTS_FILE, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _load_entry(self, task: str, version_dir: Path, current: str | None) -> ModelVersion:
        entry = json.loads((version_dir / ENTRY_FILE).read_text(encoding="utf-8"))
        return ModelVersion(
            task=task,
            version=version_dir.name,
            path=version_dir,
            kind=entry.get("kind", "transformer"),
            metrics=entry.get("metrics", {}),
            card_info=entry.get("card_info", {}),
            created_utc=entry.get("created_utc", ""),
            is_current=version_dir.name == current,
        )

    def _normalise_version(self, task: str, version: str | int | None) -> str:
        versions = [p.name for p in self._version_dirs(task)]
        if not versions:
            raise RegistryError(
                f"chưa có mô hình nào cho tác vụ {task!r} trong {self.root} "
                f"(huấn luyện bằng `ioc nlp train` hoặc nlp.defaults.ensure_default_models)"
            )
        if version in (None, "current"):
            current = self._state(task)["current"]
            if current is None:
                raise RegistryError(
                    f"tác vụ {task!r} chưa có phiên bản được đưa vào sử dụng (promote); "
                    f"các phiên bản: {', '.join(versions)}"
                )
            return current
        if version == "latest":
            return versions[-1]
        text = str(version)
        if text.startswith(f"{task}/"):
            text = text.split("/", 1)[1]
        if text.isdigit():
            text = f"v{int(text):04d}"
        if text not in versions:
            raise RegistryError(f"không có phiên bản {version!r} cho {task!r}; có: {', '.join(versions)}")
        return text

    # -- public API
    def register(
        self,
        model_dir: str | os.PathLike,
        task: str,
        metrics: dict[str, Any],
        card_info: dict[str, Any] | None = None,
    ) -> str:
        """Copy ``model_dir`` into the registry as the next version of ``task``.

        Returns
        -------
        str
            The new id, e.g. ``"sentiment/v0003"``. The version is not promoted.
        """
        source = Path(model_dir)
        info = read_model_info(source)  # fails clearly on a non-model directory
        task_dir = self._task_dir(task)
        task_dir.mkdir(parents=True, exist_ok=True)
        card_info = dict(card_info or {})
        staging = Path(tempfile.mkdtemp(dir=task_dir, prefix=".staging-"))
        try:
            target = staging / "model"
            shutil.copytree(source, target)
            entry = {
                "task": task,
                "kind": info["kind"],
                "labels": info.get("labels", []),
                "metrics": metrics,
                "card_info": card_info,
                "created_utc": _now(),
                "source_dir": str(source.resolve()),
            }
            # The final name is taken with an atomic rename: a concurrent registration
            # that wins a number makes this one move on to the next.
            existing = self._version_dirs(task)
            number = int(existing[-1].name[1:]) + 1 if existing else 1
            while True:
                version = f"v{number:04d}"
                entry["version"] = version
                _write_json_atomic(target / ENTRY_FILE, entry)
                (target / CARD_FILE).write_text(
                    render_model_card(task, version, info, metrics, card_info), encoding="utf-8"
                )
                try:
                    os.rename(target, task_dir / version)
                    break
                except OSError:
                    if not (task_dir / version).exists():
                        raise
                    number += 1
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self._log(task, "register", version=version, source=str(source))
        return f"{task}/{version}"

    def list(self, task: str | None = None) -> list[ModelVersion]:
        """All registered versions (of one task, or of all tasks), oldest first."""
        tasks = [task] if task else self.tasks()
        result = []
        for name in tasks:
            current = self._state(name)["current"]
            result += [self._load_entry(name, d, current) for d in self._version_dirs(name)]
        return result

    def get(self, task: str, version: str | int | None = None) -> ModelVersion:
        """One version: ``None``/``"current"`` (promoted), ``"latest"``, ``"v0003"`` or ``3``."""
        name = self._normalise_version(task, version)
        return self._load_entry(task, self._task_dir(task) / name, self._state(task)["current"])

    def current(self, task: str) -> ModelVersion | None:
        """The promoted version of ``task``, or ``None``."""
        state = self._state(task) if self._task_dir(task).is_dir() else {"current": None}
        return self.get(task, "current") if state["current"] else None

    def promote(self, task: str, version: str | int, force: bool = False) -> ModelVersion:
        """Make ``version`` the current model of ``task``.

        A transformer or hybrid must beat the TF-IDF baseline (trained on the same data)
        on dev macro-F1; the baseline itself may be promoted. ``force=True`` skips the check
        (and the event log says so).

        Raises
        ------
        PromotionRefused
            When the check fails or the metrics needed for it are missing.
        """
        entry = self.get(task, version)
        if not force and entry.kind != "tfidf":
            model_f1, baseline_f1 = entry.dev_macro_f1(), entry.baseline_dev_macro_f1()
            if model_f1 is None or baseline_f1 is None:
                raise PromotionRefused(
                    f"{entry.id}: thiếu macro-F1 trên tập dev của mô hình hoặc của baseline "
                    f"TF-IDF nên không thể xác nhận mô hình tốt hơn baseline; dùng force=True "
                    f"nếu vẫn muốn đưa vào sử dụng"
                )
            if model_f1 <= baseline_f1:
                raise PromotionRefused(
                    f"{entry.id}: macro-F1 dev {model_f1:.4f} không vượt baseline TF-IDF "
                    f"{baseline_f1:.4f}; không đưa vào sử dụng (dùng force=True để bỏ qua)"
                )
        state = self._state(task)
        previous = state["current"]
        if previous != entry.version:
            state["history"] = [*state["history"], entry.version]
        state["current"] = entry.version
        _write_json_atomic(self._task_dir(task) / STATE_FILE, state)
        self._log(task, "promote", version=entry.version, previous=previous, forced=force)
        return self.get(task, "current")

    def rollback(self, task: str) -> ModelVersion:
        """Return to the version promoted before the current one.

        Raises
        ------
        RegistryError
            When there is no earlier promoted version.
        """
        state = self._state(task)
        history = list(state["history"])
        if len(history) < 2:
            raise RegistryError(f"tác vụ {task!r} không có phiên bản trước đó để quay lại (lịch sử: {history})")
        dropped = history.pop()
        state.update(current=history[-1], history=history)
        _write_json_atomic(self._task_dir(task) / STATE_FILE, state)
        self._log(task, "rollback", version=history[-1], previous=dropped)
        return self.get(task, "current")

    def events(self, task: str) -> list[dict[str, Any]]:
        """The event log of ``task`` (register, promote, rollback), oldest first."""
        path = self._task_dir(task) / EVENTS_FILE
        if not path.is_file():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user database in some containers
        return "unknown"


# --------------------------------------------------------------------------- model card
def licence_of(base_model: str | None) -> str:
    """Licence note for a base checkpoint name or path (the project's own when ``None``)."""
    if not base_model:
        return PROJECT_LICENCE
    path = Path(base_model)
    card = path / "README.md"
    if card.is_file():
        # Hugging Face cards declare the licence in their YAML front matter.
        match = re.search(r"^license:\s*(\S+)", card.read_text(encoding="utf-8"), re.M)
        if match:
            return f"{match.group(1)} (theo README.md của checkpoint)"
    name = base_model.lower()
    for key, licence in KNOWN_LICENCES.items():
        if key in name:
            return licence
    return "không rõ: kiểm tra giấy phép đi kèm checkpoint trước khi dùng hoặc phân phối"


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


def _seconds(value: Any) -> str:
    return "không ghi nhận" if value is None else f"{float(value):.1f} giây"


#: The sets a model card reports, in order, with their Vietnamese names. The in-corpus test
#: alone overstates quality on real text; the stripped and style-shift rows say by how much.
CARD_SETS = {
    "dev": "dev (chọn mô hình)",
    "test": "test (cùng kho ngữ liệu)",
    "test_stripped": "test bỏ dấu (không dấu)",
    "style_shift": "lệch phong cách (style-shift, viết riêng)",
}


#: Columns of the levers table on a model card (bench/bench_nlp_levers.py rows).
_LEVER_SETS = ("dev", "test", "test_stripped", "style_shift")


def levers_section(levers: dict[str, Any] | None) -> list[str]:
    """Card lines for the quality levers measured by ``bench/bench_nlp_levers.py``, if any."""
    if not levers or not levers.get("rows"):
        return []
    meta = levers.get("meta", {})
    lines = [
        "",
        "## Các cách nâng chất lượng đã đo (đòn bẩy)",
        "",
        f"Đo bằng `bench/bench_nlp_levers.py` trên kho ngữ liệu hạt giống ({meta.get('when', '?')}, "
        f"{meta.get('threads', '?')} luồng CPU), không phải trên phiên bản này: macro-F1 từng tập, ECE trên test, "
        "tốc độ (văn bản/giây).",
        "",
        "| cách | dev | test | test bỏ dấu | style-shift | ECE test | văn bản/giây |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    note = [f"Ghi chú (nguyên văn của bench): {meta['note']}", ""] if meta.get("note") else []
    lines[-2:-2] = note
    for row in levers["rows"]:
        cells = " | ".join(_fmt(row.get(split)) for split in _LEVER_SETS)
        speed = row.get("texts_per_s")
        speed_text = "–" if speed is None else f"{speed:.0f}"
        lines.append(f"| {row['name']} | {cells} | {_fmt(row.get('test_ece'))} | {speed_text} |")
    return lines


def no_diacritics_lines(info: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    """Card lines: the points lost on the test typed without diacritics, and how the model copes."""
    typed, stripped = _nested(metrics, "test", "macro_f1"), _nested(metrics, "test_stripped", "macro_f1")
    lines = []
    if typed is not None and stripped is not None:
        base_typed = _nested(metrics, "baseline", "test", "macro_f1")
        base_stripped = _nested(metrics, "baseline", "test_stripped", "macro_f1")
        baseline = (
            f" (baseline TF-IDF: {100 * (base_typed - base_stripped):.1f} điểm)"
            if base_typed is not None and base_stripped is not None
            else ""
        )
        lines += [
            "",
            f"Văn bản không dấu: macro-F1 giảm {100 * (typed - stripped):.1f} điểm từ test sang test bỏ dấu"
            f"{baseline}; mục tiêu của dự án là không quá 3 điểm.",
        ]
    restore = info.get("restore_diacritics")
    if restore:
        lines += [
            "",
            "Khôi phục dấu khi suy luận: bật. Văn bản gần như không dấu được chấm hai lần, nguyên dạng và "
            f"sau khi khôi phục dấu bằng từ điển học từ dữ liệu huấn luyện ({restore.get('words', '?')} từ, "
            "lưu cùng mô hình), rồi lấy trung bình xác suất.",
        ]
    return lines


def temperature_lines(info: dict[str, Any]) -> list[str]:
    """Card line for the dev-fitted temperature the model applies, if any."""
    temperature = info.get("temperature")
    if not temperature:
        return []
    before, after = (info.get("temperature_dev_ece") or [None, None])[:2]
    return [
        "",
        f"Hiệu chỉnh xác suất: nhiệt độ T = {float(temperature):.2f} học trên dev, áp dụng khi suy luận "
        f"(ECE dev {_fmt(before)} → {_fmt(after)}; nhãn dự đoán không đổi).",
    ]


def render_model_card(
    task: str,
    version: str,
    info: dict[str, Any],
    metrics: dict[str, Any],
    card_info: dict[str, Any],
) -> str:
    """The Markdown model card stored with every version."""
    base = card_info.get("base_model") or info.get("base_model")
    licence = card_info.get("base_model_licence") or licence_of(base)
    created = datetime.now(UTC)
    lines = [
        f"# Thẻ mô hình `{task}/{version}`",
        "",
        f"- Loại: **{info['kind']}**" + (f" (biến thể `{card_info['variant']}`)" if card_info.get("variant") else ""),
        f"- Nhãn: {', '.join(map(str, info.get('labels', [])))}",
        f"- Đăng ký: {created:%d/%m/%Y %H:%M} UTC",
        f"- Mô hình gốc (base model): {base or 'không — huấn luyện từ đầu (tokenizer riêng)'}",
        f"- Giấy phép mô hình gốc: {licence}",
        f"- Thời gian huấn luyện: {_seconds(card_info.get('training_seconds'))}",
        "",
        "## Dữ liệu",
        "",
        str(card_info.get("data", "không ghi nhận")),
        "",
        "## Kết quả so với baseline TF-IDF",
        "",
        "| tập | mô hình macro-F1 | mô hình accuracy | baseline macro-F1 | baseline accuracy |",
        "|---|---:|---:|---:|---:|",
    ]
    for split, name in CARD_SETS.items():
        if split in metrics:
            lines.append(
                f"| {name} | {_fmt(_nested(metrics, split, 'macro_f1'))} "
                f"| {_fmt(_nested(metrics, split, 'accuracy'))} "
                f"| {_fmt(_nested(metrics, 'baseline', split, 'macro_f1'))} "
                f"| {_fmt(_nested(metrics, 'baseline', split, 'accuracy'))} |"
            )
    in_corpus, shifted = _nested(metrics, "test", "macro_f1"), _nested(metrics, "style_shift", "macro_f1")
    if in_corpus is not None and shifted is not None:
        lines += [
            "",
            f"Trên văn bản viết riêng với phong cách khác, macro-F1 giảm {_fmt(in_corpus - shifted)} so với "
            "test cùng kho ngữ liệu: con số test cùng kho ngữ liệu đánh giá cao hơn thực tế.",
        ]
    lines += no_diacritics_lines(info, metrics)
    if _nested(metrics, "test", "ece") is not None:
        lines += ["", f"ECE trên tập test: {_fmt(metrics['test']['ece'])}"]
    lines += temperature_lines(info)
    variants = card_info.get("variants")
    if variants:
        lines += ["", "Các biến thể so sánh trên tập dev (macro-F1):", ""]
        lines += [f"- {name}: {_fmt(score)}" for name, score in variants.items()]
    lines += levers_section(card_info.get("levers"))
    lines += [
        "",
        "## Mục đích sử dụng",
        "",
        card_info.get(
            "intended_use",
            "Gán nhãn sơ bộ cho bài đăng mạng xã hội, tin tức và phản ánh hiện trường bằng "
            "tiếng Việt để cán bộ IOC lọc, thống kê và ưu tiên xử lý. Kết quả là gợi ý: "
            "quyết định xử lý vụ việc do con người đưa ra.",
        ),
        "",
        "## Giới hạn",
        "",
        card_info.get(
            "limits",
            "Huấn luyện trên kho ngữ liệu nhỏ của dự án; có thể sai với phương ngữ, mỉa mai, "
            "chủ đề mới hoặc văn bản dài. Cần đánh giá lại trên dữ liệu gán nhãn của địa "
            "phương trước khi dựa vào số liệu; theo dõi độ lệch theo thời gian và huấn luyện "
            "lại định kỳ.",
        ),
    ]
    if card_info.get("hyperparameters"):
        lines += ["", "## Tham số huấn luyện", "", "```json"]
        lines.append(json.dumps(card_info["hyperparameters"], ensure_ascii=False, indent=2))
        lines.append("```")
    return "\n".join(lines) + "\n"
