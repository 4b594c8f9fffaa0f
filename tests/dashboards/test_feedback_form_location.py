"""The public report form: location from a tap on the map or the phone, no staff badge."""

from __future__ import annotations

from dashboards.feedback import CitizenReportForm


def test_a_tap_on_the_map_fills_the_location_and_the_badge_is_gone(sqlite_settings):
    from ioc.datalayer import DataLayer

    layer = DataLayer(sqlite_settings)
    try:
        form = CitizenReportForm(datalayer=layer, refresh_period=0)
        template = form.__panel__()
        assert list(template.header) == []  # no "Cập nhật … trước" badge on a public page
        names = {getattr(obj, "name", "") for part in template.main for obj in part.select()}
        assert "location-map" in names
        # the tap reaches the server only if the rendered figure subscribes to tap events
        from bokeh.document import Document
        from bokeh.models import Plot

        pane = next(
            obj for part in template.main for obj in part.select() if getattr(obj, "name", "") == "location-map"
        )
        figures = list(pane.get_root(Document()).select({"type": Plot}))
        assert figures and all("tap" in figure.subscribed_events for figure in figures)
        form._tap.event(x=107.0834, y=10.3461)
        lat, lon = form.location
        assert (lat.value, lon.value) == (10.3461, 107.0834)
        picker = next(obj for part in template.main for obj in part.select() if type(obj).__name__ == "LocationButton")
        picker.param.update(lat=10.5, lon=107.2)  # what the browser's geolocation sends
        assert (lat.value, lon.value) == (10.5, 107.2)
        assert "Dùng vị trí hiện tại" in picker.label
    finally:
        layer.close()
