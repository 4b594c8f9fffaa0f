"""IOC Workbench host package.

The host owns configuration, the shared data layer (lake + state store), the plugin
manager, ingestion, rules and alerts, incidents, the working-day calendar,
notifications and the ``ioc`` command line. Domain plugins (``ioc_plugins``) declare
tables, adapters, rules and demo generators; the host stores and queries the data.
"""

__version__ = "0.1.0"
