"""The social dashboard on a small lake: hot story with its alert, masked authors, leaders' view."""

import pandas as pd
import panel as pn
import pytest
from social_lake import AUTHOR, LATEST, TITLE_XSS, fill_social_lake

from dashboards.social import SocialDashboard
from ioc.auth import create_user
from ioc.datalayer import DataLayer
from ioc.overview import Tile
from ioc_plugins.social import queries


@pytest.fixture
def social_lake(sqlite_settings, monkeypatch):
    layer = DataLayer(sqlite_settings)
    fill_social_lake(layer, monkeypatch)
    yield layer
    layer.close()


def _html_of(obj):
    """Every HTML pane's text in a rendered component tree."""
    texts = []
    for pane in obj.select(pn.pane.HTML):
        texts.append(str(pane.object))
    return "\n".join(texts)


def test_hot_story_with_its_spread_alert_comes_first(social_lake):
    board = SocialDashboard(datalayer=social_lake, refresh_period=0, period="24h")
    stories = board.hot_stories()
    top = stories.iloc[0]
    assert top["alert"] and top["sources"] == 6 and top["negative_share"] == 1.0
    assert board.story == top["story_id"]
    assert board.latest_time() == LATEST
    curves = queries.spread_curves(social_lake, [board.story])
    assert curves["sources"].max() == 6


def test_page_renders_and_markup_stays_text(social_lake):
    board = SocialDashboard(datalayer=social_lake, refresh_period=0, period="24h")
    page = board.__panel__()
    for part in [*page.main, *page.sidebar, *page.header]:
        assert pn.panel(part).get_root() is not None
    body = board.body()
    assert body.get_root() is not None
    assert "<script" not in _html_of(body) and "<img" not in _html_of(body)
    frame = board.stories_frame(board.hot_stories())
    assert TITLE_XSS in set(frame.iloc[:, 0])  # the table holds it as text: Tabulator never renders HTML


def test_sample_items_mask_the_author_for_a_guest_and_show_it_to_the_ioc_lead(social_lake):
    guest = SocialDashboard(datalayer=social_lake, refresh_period=0, period="24h")
    shown = guest.samples_frame(guest.story)
    authors = set(shown[guest.t("social_col_author")])
    assert AUTHOR not in authors and "N. V. H." in authors
    create_user(social_lake.store, "totruong", None, ["ioc_lead"])
    lead = SocialDashboard(datalayer=social_lake, refresh_period=0, period="24h", username="totruong")
    assert AUTHOR in set(lead.samples_frame(lead.story)[lead.t("social_col_author")])


def test_a_leader_sees_stories_only(social_lake):
    create_user(social_lake.store, "lanhdao", None, ["leader"])
    board = SocialDashboard(datalayer=social_lake, refresh_period=0, period="24h", username="lanhdao")
    assert board.stories_only
    assert board.samples_frame(board.story).empty
    assert queries.story_items(social_lake, board.story, queries.principal(social_lake, "lanhdao")).empty
    body = board.body()
    assert not body.select(pn.widgets.Tabulator) or all(
        board.t("social_col_author") not in table.value.columns for table in body.select(pn.widgets.Tabulator)
    )


def test_overview_tile(social_lake, tmp_path):
    tile = queries.overview_tile(social_lake, LATEST + pd.Timedelta(hours=1))
    assert isinstance(tile, Tile) and tile.status == "alert" and tile.page == "social"
    figures = {f.label: f.value for f in tile.figures}
    assert figures["Bài trong 24 giờ"] == 8 and figures["Cảnh báo lan truyền"] == 1
    assert figures["Tỉ lệ tiêu cực"] == 75.0  # 6 of the 8 items
    assert tile.sparkline.sum() == 8 and tile.as_of == LATEST
    stale = queries.overview_tile(social_lake, LATEST + pd.Timedelta(days=3))
    assert stale.status == "unknown"  # nothing for days: no status to claim


def test_overview_tile_of_an_empty_deployment(tmp_path):
    from ioc.config import load_settings

    layer = DataLayer(load_settings(data_dir=tmp_path / "empty"))
    tile = queries.overview_tile(layer, LATEST)
    assert tile.status == "unknown" and tile.figures == () and tile.as_of is None
    layer.close()


def test_items_without_an_author_are_masked_too(social_lake):
    board = SocialDashboard(datalayer=social_lake, refresh_period=0, period="7d")
    other = board.hot_stories()
    story = other[other["headline"].str.startswith("Giá xăng")]["story_id"].iloc[0]
    shown = board.samples_frame(story)  # an article without author: NA must not break masking
    assert list(shown[board.t("social_col_author")]) == [""]
