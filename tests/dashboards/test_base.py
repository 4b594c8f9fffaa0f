"""The dashboard base: freshness badge, alert list, refresh, theme, i18n, registry conformance."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import panel as pn
import param
import pytest
from env_lake import LATEST

from dashboards import theme
from dashboards.base import BaseDashboard, alerts_for_display, freshness
from dashboards.i18n import TEXTS, age_text, format_date, format_datetime, register_texts, translate
from dashboards.serve import dashboard_targets
from ioc.plugins import resolve
from ioc_plugins.environment import queries

NOW = pd.Timestamp("2025-03-10T12:00:00Z")
SITE_ZONE = "Asia/Ho_Chi_Minh"


class AirOnly(BaseDashboard):
    """The smallest dashboard: the base's parts over the AQI table."""

    domain = "environment"
    freshness_table = "environment.aqi_hourly"
    title_key = "environment_title"

    def latest_time(self, table=None):
        return queries.latest_time(self.datalayer, table or self.freshness_table)


@pytest.mark.parametrize(
    ("age", "state", "text"),
    [
        (timedelta(minutes=5), "fresh", "Cập nhật 5 phút trước"),
        (timedelta(minutes=90), "fresh", "Cập nhật 1 giờ trước"),
        (timedelta(hours=3), "late", "Cập nhật 3 giờ trước"),
        (timedelta(hours=6), "late", "Cập nhật 6 giờ trước"),
        (timedelta(hours=6, minutes=1), "stale", "Dữ liệu cũ — cập nhật lần cuối 10/03/2025 12:59"),
    ],
    ids=["minutes", "hour", "late", "late-limit", "stale"],
)
def test_freshness_rates_age_in_vietnamese(age, state, text):
    rating = freshness(
        NOW - age, NOW, timezone=SITE_ZONE, fresh_within=timedelta(hours=2), late_within=timedelta(hours=6)
    )
    assert (rating.state, rating.text) == (state, text)


def test_freshness_without_data_and_in_english():
    assert freshness(None, NOW, timezone=SITE_ZONE).state == "empty"
    assert freshness(pd.NaT, NOW, timezone=SITE_ZONE).text == "Chưa có dữ liệu"
    english = freshness(NOW - timedelta(days=3), NOW, timezone=SITE_ZONE, language="en")
    assert english.state == "stale" and english.text == "Stale data — last update 07/03/2025 19:00"


def test_age_text_units():
    assert [age_text(timedelta(minutes=m)) for m in (-3, 59, 60, 47 * 60, 49 * 60)] == [
        "0 phút",
        "59 phút",
        "1 giờ",
        "47 giờ",
        "2 ngày",
    ]
    assert age_text(3 * 86400 + 5, "en") == "3 days"  # seconds work too


def test_one_translation_helper_and_one_age_helper():
    """Every dashboard translates through dashboards.i18n; no module keeps its own table."""
    import importlib
    import inspect

    for name in ("base", "environment", "feedback", "command", "overview", "serve", "theme", "plots", "login"):
        module = importlib.import_module(f"dashboards.{name}")
        source = inspect.getsource(module)
        for helper in ("def tr(", "def text(", "def duration_text(", "def age_text(", "TEXTS = {", "TEXT = {"):
            assert helper not in source, f"dashboards.{name} defines {helper}"


def test_dates_are_local_dd_mm_yyyy():
    # 17:30 UTC is 00:30 the next day in Ho Chi Minh City (UTC+7)
    assert format_datetime("2025-01-31T17:30:00Z", "Asia/Ho_Chi_Minh") == "01/02/2025 00:30"
    assert format_date(pd.Timestamp("2025-01-31T17:30:00"), "Asia/Ho_Chi_Minh") == "01/02/2025"
    assert format_datetime(None, "Asia/Ho_Chi_Minh") == "—"


def test_translations_cover_the_same_keys():
    for target in dashboard_targets().values():  # dashboards register their own texts at import
        resolve(target)
    assert set(TEXTS["vi"]) == set(TEXTS["en"])
    assert translate("fresh", "vi", age="5 phút") == "Cập nhật 5 phút trước"
    assert translate("not_a_key", "en") == "not_a_key"


def test_alerts_for_display_sorts_worst_first_in_local_time():
    alerts = pd.DataFrame(
        {
            "severity": ["warning", "critical", "high"],
            "title": ["a", "b", "c"],
            "message": ["<b>x</b>", "y", "z"],
            "entity_id": ["s1", None, "s3"],
            "observed_at": pd.to_datetime(["2025-03-10T01:00Z", "2025-03-10T02:00Z", "2025-03-10T03:00Z"], utc=True),
        }
    )
    shown = alerts_for_display(alerts, timezone=SITE_ZONE)
    assert list(shown.columns) == ["Thời điểm", "Mức độ", "Trạm", "Tiêu đề", "Nội dung"]
    assert list(shown["Mức độ"]) == ["Nghiêm trọng", "Cao", "Cảnh báo"]
    assert list(shown["Thời điểm"]) == ["10/03/2025 09:00", "10/03/2025 10:00", "10/03/2025 08:00"]
    # kept as text: Tabulator renders cell values as text, so escaping here would show "&lt;b&gt;"
    assert shown["Nội dung"].iloc[2] == "<b>x</b>"
    assert alerts_for_display(alerts.iloc[:0], timezone=SITE_ZONE).empty


def test_open_alerts_are_the_domains_only(env_layer):
    dashboard = AirOnly(datalayer=env_layer)
    shown = dashboard.open_alerts()
    assert sorted(shown["Trạm"]) == ["KK_A1", "MN_W1"]
    assert "Ùn tắc" not in set(shown["Tiêu đề"])


def test_freshness_of_the_dashboard_table(env_layer):
    dashboard = AirOnly(datalayer=env_layer)
    assert dashboard.latest_time() == LATEST
    assert dashboard.freshness(now=LATEST + timedelta(minutes=30)).text == "Cập nhật 30 phút trước"
    assert dashboard.freshness(now=LATEST + timedelta(days=2)).state == "stale"


def test_refresh_redraws_data_views_only_when_data_change(env_layer):
    dashboard = AirOnly(datalayer=env_layer)
    dashboard.refresh()
    assert (dashboard.data_version, dashboard.clock) == (0, 1)
    row = pd.DataFrame({"station_id": ["KK_A2"], "time": [LATEST + timedelta(hours=1)], "aqi": [36]})
    env_layer.write("environment.aqi_hourly", row)
    dashboard.refresh()
    assert (dashboard.data_version, dashboard.clock) == (1, 2)
    assert dashboard.latest_time() == LATEST + timedelta(hours=1)
    for _ in range(3):  # alerts observed at the same time must not look like new data
        dashboard.refresh()
    assert dashboard.data_version == 1


def test_a_new_alert_counts_as_new_data(env_layer):
    from ioc.alerts import store_alerts
    from ioc.rules import AlertDraft

    dashboard = AirOnly(datalayer=env_layer)
    store_alerts(
        env_layer.store,
        [
            AlertDraft(
                rule_id="environment.aqi_poor",
                domain="environment",
                category="air_quality",
                severity="warning",
                title="AQI Kém tại KK_A2",
                message="AQI 120",
                observed_at=LATEST,
                entity_id="KK_A2",
                value=120.0,
            )
        ],
    )
    dashboard.refresh()
    assert dashboard.data_version == 1


def test_language_follows_settings_and_can_be_overridden(env_layer):
    assert AirOnly(datalayer=env_layer).page_title == "Giám sát Tài nguyên - Môi trường"
    assert AirOnly(datalayer=env_layer, language="en").page_title == "Environment monitoring"
    with pytest.raises(ValueError, match="does not accept 'fr'"):
        AirOnly(datalayer=env_layer, language="fr")


def test_template_needs_nothing_from_the_internet(env_layer):
    template = AirOnly(datalayer=env_layer).__panel__()
    assert isinstance(template, pn.template.FastListTemplate)
    resources = template.resolve_resources()
    urls = [url for kind in ("js", "js_modules", "css") for url in resources[kind].values()]
    assert urls, "the template should list its own resources"
    assert not [url for url in urls if url.startswith(("http:", "https:", "//"))]
    assert pn.config.inline


def test_dark_theme_for_the_video_wall(env_layer):
    template = AirOnly(datalayer=env_layer, dark=True).__panel__()
    assert template.theme.__name__ == "DarkTheme"


def test_html_bits_escape_their_text():
    assert "<script>" not in theme.badge_html("<script>x</script>", "fresh")
    assert "&lt;script&gt;" in theme.legend_html("t", [("#fff", "<script>")])
    assert theme.text_colour("#ffff00") == "#000" and theme.text_colour("#7e0023") == "#fff"


def test_registered_dashboards_are_documented_viewers():
    from ioc.plugins import resolve

    targets = dashboard_targets()
    assert {"environment", "overview", "command"} <= set(targets)
    for name, target in targets.items():
        cls = resolve(target)
        assert issubclass(cls, BaseDashboard), name
        for pname, parameter in cls.param.objects("existing").items():
            if pname != "name" and isinstance(parameter, param.Parameter) and parameter.precedence != -1:
                assert parameter.doc, f"{name}.{pname} has no doc"


def test_every_label_a_dashboard_asks_for_is_translated():
    """Literal keys passed to ``self.t`` / ``translate`` exist in both languages."""
    import re
    from pathlib import Path

    import dashboards
    from ioc.plugins import resolve

    for target in dashboard_targets().values():  # dashboards register their own texts at import
        resolve(target)
    used = set()
    for path in Path(dashboards.__file__).parent.glob("*.py"):
        used |= set(re.findall(r"""(?:self\.t|translate)\(\s*["']([a-z0-9_]+)["']""", path.read_text("utf-8")))
    assert {"feedback_map", "command_map", "map_title"} <= used
    assert not used - set(TEXTS["vi"]), sorted(used - set(TEXTS["vi"]))


def test_every_registered_dashboard_has_a_translated_title():
    from ioc.plugins import resolve

    for name, target in dashboard_targets().items():
        assert resolve(target).title_key in TEXTS["vi"], name


def test_a_dashboard_registers_its_own_texts_and_cannot_relabel_another(monkeypatch):
    monkeypatch.setitem(TEXTS, "vi", dict(TEXTS["vi"]))
    monkeypatch.setitem(TEXTS, "en", dict(TEXTS["en"]))
    register_texts({"vi": {"zz_title": "Thử"}, "en": {"zz_title": "Try"}})
    assert translate("zz_title", "vi") == "Thử" and translate("zz_title", "en") == "Try"
    register_texts({"vi": {"zz_title": "Thử"}})  # the same text again is fine
    with pytest.raises(ValueError, match="zz_title"):
        register_texts({"vi": {"zz_title": "Khác"}})
    with pytest.raises(ValueError, match="unknown language"):
        register_texts({"fr": {"zz_title": "Essai"}})
