"""Named training settings ("presets"), stored as JSON and loaded into a :class:`Preset`.

A preset fixes the model size and the training schedule of a run, not its data or output
directory. The same preset object drives every way of training:

* the command lines: ``ioc nlp train --preset tiny --dataset seed --output-dir out`` and
  ``ioc nlp pretrain --preset default ...`` (explicit options win over the preset; see
  :func:`parse_with_preset`);
* :func:`nlp.defaults.ensure_default_models`, which builds the default models with
  ``default``;
* code, notebooks and tests: ``Preset.load("tiny").config(train_file=..., output_dir=...)``
  gives the :class:`nlp.arguments.TrainConfig` that :func:`nlp.train.run_training` takes;
* ``bench/bench_nlp.py``, which times a model of the default size.

The presets shipped with the package live in ``nlp/resources/presets/<name>.json``::

    {
      "description": "...",
      "extends": "default",          # optional: start from another preset
      "data": {"max_train_samples": 300},
      "model": {"hidden_size": 128, "num_layers": 2},
      "training": {"epochs": 6, "learning_rate": 0.001}
    }

Each group holds fields of :class:`~nlp.arguments.DataArguments`,
:class:`~nlp.arguments.ModelArguments` or :class:`~nlp.arguments.TrainingArguments`;
an unknown field is an error that names the nearest valid one. Any other JSON file in that
format can be passed by path wherever a preset name is accepted.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.arguments import (
    TRAIN_ARGUMENT_CLASSES,
    DataArguments,
    ModelArguments,
    PretrainArguments,
    TrainConfig,
    TrainingArguments,
    field_names,
    pretrain_arguments_for,
)

PRESET_DIR = Path(__file__).resolve().parent / "resources" / "presets"
DEFAULT_PRESET = "default"

#: The preset groups and the argument dataclass each one fills.
GROUPS = dict(zip(("data", "model", "training"), TRAIN_ARGUMENT_CLASSES))
_GROUP_OF_FIELD = {name: group for group, cls in GROUPS.items() for name in field_names(cls)}


def available_presets() -> list[str]:
    """Names of the presets shipped with the package."""
    return sorted(path.stem for path in PRESET_DIR.glob("*.json"))


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    return f"; có phải {close[0]!r}?" if close else f"; chọn trong {', '.join(sorted(choices))}"


def _plain(value: Any) -> Any:
    """Paths become strings: argument values end up in ``summary.json``."""
    return os.fspath(value) if isinstance(value, os.PathLike) else value


def split_values(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Sort flat ``field=value`` pairs into the ``data``/``model``/``training`` groups.

    Raises
    ------
    TypeError
        For a name that is not a field of any of the three argument dataclasses.
    """
    groups: dict[str, dict[str, Any]] = {group: {} for group in GROUPS}
    for name, value in values.items():
        if name not in _GROUP_OF_FIELD:
            raise TypeError(f"không có tham số huấn luyện {name!r}{_suggest(name, list(_GROUP_OF_FIELD))}")
        groups[_GROUP_OF_FIELD[name]][name] = _plain(value)
    return groups


@dataclass(frozen=True)
class Preset:
    """Named values for the training arguments, grouped as the argument dataclasses are.

    Treat the three mappings as read-only: every method returns new objects.

    Parameters
    ----------
    name
        Short name (the JSON file's stem for a file).
    description
        What the preset is for and what it costs.
    data, model, training
        Field values of :class:`~nlp.arguments.DataArguments`,
        :class:`~nlp.arguments.ModelArguments` and :class:`~nlp.arguments.TrainingArguments`.
    """

    name: str
    description: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for group, cls in GROUPS.items():
            values = {key: _plain(value) for key, value in getattr(self, group).items()}
            unknown = sorted(set(values) - set(field_names(cls)))
            if unknown:
                raise ValueError(
                    f"preset {self.name!r}: {group}.{unknown[0]} không phải tham số của "
                    f"{cls.__name__}{_suggest(unknown[0], field_names(cls))}"
                )
            object.__setattr__(self, group, values)

    # -- loading and saving
    @classmethod
    def load(cls, name_or_path: str | os.PathLike | Preset) -> Preset:
        """A shipped preset by name, or a preset JSON file by path (a preset is returned as is).

        Raises
        ------
        ValueError
            For an unknown name; the message suggests the nearest one, or lists them all.
        """
        if isinstance(name_or_path, Preset):
            return name_or_path
        path = Path(name_or_path)
        if path.suffix == ".json" or len(path.parts) > 1:
            return cls.from_json(path)
        name = str(name_or_path)
        if name not in available_presets():
            raise ValueError(f"preset không hợp lệ: {name!r}{_suggest(name, available_presets())}")
        return cls.from_json(PRESET_DIR / f"{name}.json")

    @classmethod
    def from_json(cls, path: str | os.PathLike) -> Preset:
        """Read a preset file; ``"extends"`` starts from another preset (name or path)."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"không tìm thấy tệp preset: {path}")
        raw = json.loads(path.read_text(encoding="utf-8"))
        unknown = sorted(set(raw) - {"name", "description", "extends", *GROUPS})
        if unknown:
            raise ValueError(f"{path}: khoá không hợp lệ {unknown[0]!r}")
        groups = {group: dict(raw.get(group, {})) for group in GROUPS}
        if raw.get("extends"):
            base = raw["extends"]
            relative = path.parent / base
            parent = cls.load(relative if relative.is_file() else base)
            groups = {group: {**getattr(parent, group), **groups[group]} for group in GROUPS}
        return cls(raw.get("name", path.stem), raw.get("description", ""), **groups)

    def to_dict(self) -> dict[str, Any]:
        """The preset as the JSON file stores it (without ``extends``: values are merged)."""
        return {
            "name": self.name,
            "description": self.description,
            **{group: dict(getattr(self, group)) for group in GROUPS},
        }

    def to_json(self, path: str | os.PathLike) -> Path:
        """Write the preset to ``path`` (load it back with :meth:`load`)."""
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    # -- values
    def values(self) -> dict[str, Any]:
        """All values as one flat ``field: value`` mapping (command-line defaults)."""
        return {**self.data, **self.model, **self.training}

    def with_values(self, name: str | None = None, **values: Any) -> Preset:
        """A copy with some values changed, e.g. ``preset.with_values(epochs=1)``."""
        groups = split_values(values)
        return Preset(
            name or self.name,
            self.description,
            **{group: {**getattr(self, group), **groups[group]} for group in GROUPS},
        )

    def config(self, **values: Any) -> TrainConfig:
        """The training configuration of this preset, with the run's own values added.

        Parameters
        ----------
        **values
            Fields of any of the three argument dataclasses (``train_file``,
            ``output_dir``, ``variants`` …); they win over the preset. ``output_dir`` is
            required by :class:`~nlp.arguments.TrainingArguments`. Paths may be
            :class:`pathlib.Path`. The result is not validated here:
            :func:`nlp.train.run_training` validates it.
        """
        groups = split_values(values)
        merged = {group: {**getattr(self, group), **groups[group]} for group in GROUPS}
        return TrainConfig(
            DataArguments(**merged["data"]),
            ModelArguments(**merged["model"]),
            TrainingArguments(**merged["training"]),
        )

    def model_arguments(self) -> ModelArguments:
        """The model of this preset (architecture, tokenizer size, input length)."""
        return ModelArguments(**self.model)

    def pretrain_arguments(self, **values: Any) -> PretrainArguments:
        """Masked-LM pretraining of the encoder this preset fine-tunes.

        See :func:`nlp.arguments.pretrain_arguments_for`; ``values`` (``input_file``,
        ``output_dir``, ``epochs`` …) win.
        """
        config = self.config(output_dir="")
        return pretrain_arguments_for(config, **{k: _plain(v) for k, v in values.items()})

    def pretrain_values(self) -> dict[str, Any]:
        """The pretraining fields this preset determines (command-line defaults).

        The epochs are the preset's ``mlm_epochs`` when it has some; the input and output
        are always the run's own.
        """
        values = dataclasses.asdict(self.pretrain_arguments())
        for name in ("input_file", "output_dir"):
            del values[name]
        if values["epochs"] < 1:
            del values["epochs"]
        return values


# --------------------------------------------------------------------------- command line
def _add_preset_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--preset",
        default=None,
        help=f"Named settings ({', '.join(available_presets())}) or a preset JSON file; "
        "options given explicitly win over it.",
    )


def parse_with_preset(
    dataclass_types: Sequence[type],
    argv: Sequence[str] | None,
    description: str,
    defaults_of: Callable[[Preset], dict[str, Any]],
) -> list[Any]:
    """Parse a command line into argument dataclasses, with an optional ``--preset``.

    ``--preset`` is read first; ``defaults_of(preset)`` become the defaults of the other
    options, so anything given explicitly still wins.

    Parameters
    ----------
    dataclass_types
        The argument dataclasses (:class:`transformers.HfArgumentParser` builds the options).
    argv
        Arguments without the program name; ``sys.argv[1:]`` when ``None``.
    description
        Shown by ``--help``.
    defaults_of
        The option defaults a preset sets, e.g. :meth:`Preset.values`.

    Returns
    -------
    list
        One instance per dataclass type, in order.
    """
    from transformers import HfArgumentParser

    argv = list(sys.argv[1:] if argv is None else argv)
    first = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    _add_preset_option(first)
    chosen = first.parse_known_args(argv)[0].preset

    parser = HfArgumentParser(list(dataclass_types))
    parser.description = description
    _add_preset_option(parser)
    if chosen:
        parser.set_defaults(**defaults_of(Preset.load(chosen)))
    *parsed, _options = parser.parse_args_into_dataclasses(args=argv)  # _options: --preset
    return parsed
