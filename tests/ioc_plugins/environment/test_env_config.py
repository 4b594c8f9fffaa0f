"""``plugins.environment`` in ioc.yaml: validated, with suggestions, and really used by the AQI rule."""

from __future__ import annotations

import pandas as pd
import pytest

from ioc.config import ConfigError, load_settings
from ioc.plugins import registry
from ioc_plugins.environment.config import environment_config
from ioc_plugins.environment.rules import default_rules


def aqi_rows(*values: int) -> pd.DataFrame:
    """One hour of AQI at one station per value (the rule keeps the worst row per station)."""
    return pd.DataFrame(
        {
            "station_id": [f"air_{i}" for i in range(len(values))],
            "time": pd.Timestamp("2025-03-01T00:00Z"),
            "aqi": list(values),
            "band": "x",
            "dominant": "pm25",
            "unit_code": None,
            "lon": 107.08,
            "lat": 10.35,
        }
    )


class _Layer:
    """Just what the rule reads of a data layer: its settings."""

    def __init__(self, settings):
        self.settings = settings


def test_the_default_band_is_poor(tmp_path):
    assert environment_config(load_settings(tmp_path / "none.yaml")).aqi_alert_band == "poor"


def test_a_misspelt_key_or_band_is_refused_with_the_nearest(tmp_path):
    with pytest.raises(ConfigError, match=r"plugins\.environment\.aqi_alert_bnd.*did you mean 'aqi_alert_band'"):
        environment_config(load_settings(tmp_path / "none.yaml", plugins={"environment": {"aqi_alert_bnd": "bad"}}))
    with pytest.raises(ConfigError, match=r"plugins\.environment\.aqi_alert_band"):
        environment_config(load_settings(tmp_path / "none.yaml", plugins={"environment": {"aqi_alert_band": "kem"}}))


def test_the_installed_plugins_check_the_deployment_file(tmp_path):
    path = tmp_path / "ioc.yaml"
    path.write_text("plugins:\n  environment:\n    aqi_alert_band: xau\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="aqi_alert_band"):
        registry().check_settings(load_settings(path))


@pytest.mark.parametrize(("band", "alerted"), [("poor", [140, 160]), ("moderate", [80, 140, 160]), ("bad", [160])])
def test_the_aqi_rule_alerts_from_the_configured_band(tmp_path, band, alerted):
    settings = load_settings(tmp_path / "none.yaml", plugins={"environment": {"aqi_alert_band": band}})
    rule = next(r for r in default_rules() if r.id == "environment.aqi_poor")
    drafts = rule.evaluate(aqi_rows(40, 80, 140, 160), _Layer(settings))
    assert sorted(d.value for d in drafts) == alerted
