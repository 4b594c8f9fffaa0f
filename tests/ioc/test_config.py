import pytest

from ioc.config import ConfigError, load_settings


def test_defaults_are_the_ba_ria_vung_tau_site(tmp_path):
    cfg = load_settings(tmp_path / "none.yaml")
    assert cfg.site.key == "ba_ria_vung_tau"
    assert cfg.site.timezone == "Asia/Ho_Chi_Minh"
    assert cfg.site.agency("STNMT").name == "Sở Tài nguyên và Môi trường"
    assert cfg.state_url.startswith("sqlite:///")


def test_environment_variables_override_the_file(tmp_path, monkeypatch):
    path = tmp_path / "ioc.yaml"
    path.write_text("data_dir: from_file\nport: 7000\n", encoding="utf-8")
    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path / "from_env"))
    monkeypatch.setenv("IOC_DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    cfg = load_settings(path)
    assert cfg.data_dir == tmp_path / "from_env"
    assert cfg.port == 7000
    assert cfg.state_url == "postgresql+psycopg://u@127.0.0.1/x"
    assert cfg.lake.query_memory is None  # the default: DuckDB's own
    monkeypatch.setenv("IOC_QUERY_MEMORY", " 512MB")
    assert load_settings(path).lake.query_memory == "512MB"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("prot: 5006\n", "did you mean 'port'"),
        ("site: ba_ria_vung_tua\n", "did you mean 'ba_ria_vung_tau'"),
        ("language: fr\n", "language"),
        ("port: many\n", "port"),
        ("lake:\n  query_memory: lots\n", "query_memory 'lots': a size such as"),
    ],
    ids=["misspelt-key", "misspelt-site", "bad-language", "bad-port", "bad-query-memory"],
)
def test_errors_name_the_key_and_suggest(tmp_path, monkeypatch, text, expected):
    monkeypatch.delenv("IOC_DATA_DIR", raising=False)
    path = tmp_path / "ioc.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        load_settings(path)


def test_unknown_agency_suggests_nearest(tmp_path):
    cfg = load_settings(tmp_path / "none.yaml")
    with pytest.raises(ConfigError, match="did you mean 'STNMT'"):
        cfg.site.agency("STNTM")


def test_plugin_sections(tmp_path):
    path = tmp_path / "ioc.yaml"
    path.write_text("plugins:\n  environment:\n    aqi_alert_band: bad\n", encoding="utf-8")
    assert load_settings(path).plugin_config("environment") == {"aqi_alert_band": "bad"}
    assert load_settings(path).plugin_config("feedback") == {}
