"""Routing (category × unit → agency), the category catalogue and its SLA."""

from __future__ import annotations

import pytest

from ioc.config import load_settings
from ioc_plugins.feedback.catalogue import load_categories
from ioc_plugins.feedback.routing import RoutingError, RoutingTable


def test_bundled_table_fits_the_site_and_catalogue(sqlite_settings):
    table = RoutingTable.load()
    table.check([a.code for a in sqlite_settings.site.agencies], load_categories())
    assert table.agency_for("road_damage", "26560") == "SGTVT"
    assert table.agency_for("waste", "26506") == "UBND_VT"  # Vũng Tàu ward handles its own rubbish
    assert table.agency_for("waste", "26560") == "SXD"
    assert table.agency_for("waste") == "SXD"
    assert table.agency_for("no_such_category", "26506") == "VPUBND"


def test_csv_table(tmp_path):
    path = tmp_path / "routing.csv"
    path.write_text("category,unit,agency\n*,*,VPUBND\nnoise,*,CA\nnoise,26506,UBND_VT\n", encoding="utf-8")
    table = RoutingTable.load(path)
    assert (table.agency_for("noise", "26506"), table.agency_for("noise", "26560"), table.agency_for("trees")) == (
        "UBND_VT",
        "CA",
        "VPUBND",
    )


@pytest.mark.parametrize(
    ("content", "suffix", "match"),
    [
        ("category,unit,agency\nnoise,*,CA\n", ".csv", "mặc định"),
        ("category,agency\n*,VPUBND\n", ".csv", "unit"),
        ("rules: []\n", ".yaml", "default"),
        (
            "default: VPUBND\nrules:\n  - {category: noise, agency: CA}\n  - {category: noise, agency: SXD}\n",
            ".yaml",
            "mâu thuẫn",
        ),
    ],
    ids=["no-default", "missing-column", "yaml-no-default", "conflict"],
)
def test_malformed_tables_are_refused(tmp_path, content, suffix, match):
    path = tmp_path / f"routing{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RoutingError, match=match):
        RoutingTable.load(path)


def test_unknown_agency_or_category_is_named(tmp_path, sqlite_settings):
    path = tmp_path / "routing.yaml"
    path.write_text("default: VPUBND\nrules:\n  - {category: noise, unit: '*', agency: SGTVX}\n", encoding="utf-8")
    with pytest.raises(RoutingError, match="SGTVT"):
        RoutingTable.load(path).check([a.code for a in sqlite_settings.site.agencies])
    path.write_text("default: VPUBND\nrules:\n  - {category: noize, unit: '*', agency: CA}\n", encoding="utf-8")
    with pytest.raises(RoutingError, match="noise"):
        RoutingTable.load(path).check(["VPUBND", "CA"], load_categories())


def test_sla_override_from_config(tmp_path):
    categories = load_categories(sla_overrides={"road_damage": {"resolve_days": 2}})
    assert categories["road_damage"].sla.resolve_days == 2 and categories["road_damage"].sla.verify_days == 1
    with pytest.raises(ValueError, match="road_damage"):
        load_categories(sla_overrides={"road_damge": {"resolve_days": 2}})


def test_desk_uses_configured_routing_and_sla(tmp_path):
    from ioc_plugins.feedback.desk import CitizenDesk

    routing = tmp_path / "routing.csv"
    routing.write_text("category,unit,agency\n*,*,VPUBND\nroad_damage,*,SXD\n", encoding="utf-8")
    settings = load_settings(
        data_dir=tmp_path / "data",
        plugins={
            "feedback": {
                "routing": str(routing),
                "sla": {"road_damage": {"verify_days": 3}},
                "duplicates": {"distance_m": 50},
            }
        },
    )
    desk = CitizenDesk.from_settings(settings, notifier=None)
    assert desk.routing.agency_for("road_damage") == "SXD"
    assert desk.service.policy.sla("road_damage").verify_days == 3
    assert desk.duplicates.distance_m == 50


def test_a_misspelt_nested_key_suggests_from_its_own_section(tmp_path):
    from ioc.config import ConfigError
    from ioc_plugins.feedback.config import feedback_config

    settings = load_settings(data_dir=tmp_path / "data", plugins={"feedback": {"duplicates": {"distanse_m": 50}}})
    with pytest.raises(ConfigError, match=r"plugins\.feedback\.duplicates\.distanse_m.*did you mean 'distance_m'"):
        feedback_config(settings)
