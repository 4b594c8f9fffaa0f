"""``ioc economy catalogue`` and ``ioc economy forecast`` (mounted by the plugin's commands)."""

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc_plugins.economy.commands import app


def test_catalogue_then_forecast(tmp_path, monkeypatch):
    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    loaded = runner.invoke(app, ["catalogue"])
    assert loaded.exit_code == 0 and "economy.indicators: 50" in loaded.output
    layer = DataLayer(load_settings(data_dir=tmp_path / "data"))
    try:
        periods = pd.date_range("2022-01-01", periods=48, freq="MS")
        values = 100 + np.arange(48) + 10 * np.sin(np.arange(48) * np.pi / 6)
        layer.write(
            "economy.observations",
            pd.DataFrame({"indicator_code": "cpi", "unit_code": "77", "period": periods, "value": values}),
        )
    finally:
        layer.close()
    result = runner.invoke(app, ["forecast", "cpi", "no_such_code"])
    assert result.exit_code == 0 and "Đã dự báo 1/2 chuỗi" in result.output
    layer = DataLayer(load_settings(data_dir=tmp_path / "data"))
    try:
        assert len(layer.read("economy.forecasts")) == 12
        assert layer.read("economy.backtests")["folds"].tolist() == [3]
    finally:
        layer.close()
