"""The public-order dashboard on a hand-made lake: camera states, feed, counts, top cameras."""

from __future__ import annotations

import pandas as pd
import panel as pn
import pytest
from bokeh.models import GlyphRenderer, Plot
from po_lake import LATEST, XSS_NAME, XSS_ZONE, fill_lake

from dashboards.public_order import PublicOrderDashboard
from ioc.auth import create_user
from ioc.datalayer import DataLayer
from ioc.plugins import Registry
from ioc_plugins.public_order import plugin
from ioc_plugins.public_order.queries import STATUS_COLOURS, overview_tile


@pytest.fixture
def po_layer(sqlite_settings):
    layer = DataLayer(sqlite_settings, tables=plugin().tables)
    fill_lake(layer)
    yield layer
    layer.close()


@pytest.fixture
def dashboard(po_layer):
    return PublicOrderDashboard(datalayer=po_layer, refresh_period=0)


def test_camera_states_and_colours(dashboard):
    status = dashboard.camera_status().set_index("camera_id")
    assert status.loc["cam_xss", "state"] == "alert"  # the fire and the crowd
    assert status.loc["cam_road", "state"] == "ok"
    assert status.loc["cam_off", "state"] == "maintenance"
    assert status.loc["cam_off", "colour"] == STATUS_COLOURS["maintenance"]
    assert status.loc["cam_xss", "state_text"] == "Có cảnh báo"


def test_the_xss_label_never_reaches_the_lake(po_layer):
    labels = set(po_layer.read("public_order.camera_events")["label"])
    assert labels == {"person", "car", "fire"}  # the markup "label" was quarantined


def test_feed_escapes_text_masks_plates_and_shows_a_placeholder(dashboard):
    html = dashboard.feed_html()
    assert XSS_ZONE not in html and "&lt;script&gt;" in html
    assert "<script>" not in html.replace("<style>", "")
    assert html.count('src="data:image/jpeg;base64,') == 1  # the one snapshot on disk
    assert html.count("Không có ảnh") == 2  # missing file, no snapshot
    assert "72A-123.45" not in html and "72A-***.**" in html  # plates are personal data
    assert "Cháy" in html and "po-hazard" in html
    assert XSS_NAME not in html and "&lt;img src=x" in html


@pytest.mark.parametrize(
    ("roles", "plate_shown"),
    [(["police"], True), (["ioc_lead"], False), (["domain_staff"], False), (["security"], False), (None, False)],
)
def test_plates_are_shown_only_to_the_police_role(po_layer, roles, plate_shown):
    if roles:
        create_user(po_layer.store, "viewer", None, roles, domains=["public_order"] if "domain_staff" in roles else ())
    view = PublicOrderDashboard(datalayer=po_layer, refresh_period=0, username="viewer" if roles else "")
    html = view.feed_html()
    assert ("72A-123.45" in html) is plate_shown
    assert ("72A-***.**" in html) is not plate_shown


def test_snapshot_references_cannot_climb_out_of_the_media_folder(dashboard, po_layer, tmp_path):
    from ioc_plugins.public_order.queries import snapshot_image

    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"\xff\xd8secret")
    settings = po_layer.settings
    assert snapshot_image(settings, "clips/cam_xss-e1.jpg") is not None
    assert snapshot_image(settings, "/media/frigate/clips/cam_xss-e1.jpg") is not None
    for reference in ("../../secret.jpg", str(secret), "http://127.0.0.1/x.jpg", "clips/missing.jpg", None):
        assert snapshot_image(settings, reference) is None


def _render(view) -> Plot:
    return view.get_root()


def test_map_counts_and_top_cameras_render(dashboard):
    map_pane = dashboard.map_view("vi", 0)
    model = _render(map_pane)
    renderers = [r for r in model.select({"type": GlyphRenderer}) if "camera_id" in r.data_source.data]
    assert renderers and set(renderers[0].data_source.data["camera_id"]) == {"cam_xss", "cam_road", "cam_off"}
    counts = dashboard.counts_view("people", "24h", "vi", 0)
    assert isinstance(counts, pn.pane.HoloViews)
    assert isinstance(dashboard.counts_view("vehicles", "24h", "vi", 0), pn.pane.HoloViews)  # derived from e2
    top = dashboard.top_view("vi", 0)
    assert isinstance(top, pn.pane.HoloViews)


def test_the_layout_builds_in_both_languages(dashboard):
    assert dashboard.latest_time() == LATEST
    assert len(dashboard.main_area()) == 5
    dashboard.language = "en"
    assert dashboard.t("public_order_title") == "Public order"
    assert dict(dashboard.param.group.objects) == {"People": "people", "Vehicles": "vehicles"}


def test_overview_tile(po_layer):
    tile = overview_tile(po_layer, LATEST + pd.Timedelta(minutes=10))
    assert tile.domain == "public_order" and tile.status == "alert" and tile.page == "public_order"
    assert tile.figures[0].value == "2/3"  # the camera in maintenance does not count as working
    assert tile.as_of == LATEST and tile.sparkline is not None and len(tile.sparkline)
    assert Registry([plugin()]).overviews() == {"public_order": "ioc_plugins.public_order.queries:overview_tile"}


def test_overview_tile_without_data(sqlite_settings):
    layer = DataLayer(sqlite_settings, tables=plugin().tables)
    assert isinstance(
        PublicOrderDashboard(datalayer=layer, refresh_period=0).counts_view("people", "24h", "vi", 0), pn.pane.Alert
    )
    tile = overview_tile(layer)
    assert tile.status == "unknown" and tile.as_of is None and tile.figures == ()
    layer.close()
