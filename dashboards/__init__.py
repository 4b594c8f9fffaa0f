"""Panel dashboards of IOC Workbench: one :class:`~panel.viewable.Viewer` per domain.

Plugins register dashboards by name (``Plugin.dashboards``: name → ``"module:Class"``);
:mod:`dashboards.serve` serves every registered one. Dashboards read only through the data
layer and never write storage. Panel is imported by the submodules, not here, so that
``import dashboards`` stays cheap.
"""
