"""Panel dashboards of IOC Workbench: one :class:`~panel.viewable.Viewer` per domain.

Plugins register dashboards by name (``Plugin.dashboards``: name → ``"module:Class"``) and
may declare some public (``Plugin.public_dashboards``: no login); :mod:`dashboards.serve`
serves every registered one, :mod:`dashboards.login` signs users in. A dashboard renders
what its plugin's ``queries`` module returns (and steps through the plugin's services):
it never runs SQL, reads or writes files, or loads boundary files. Plots are HoloViews
(:mod:`dashboards.plots`), labels come from :mod:`dashboards.i18n`. Panel is imported by
the submodules, not here, so that ``import dashboards`` stays cheap.
"""
