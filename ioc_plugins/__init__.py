"""Built-in IOC domain plugins, one sub-package per domain (registered via entry points)."""
