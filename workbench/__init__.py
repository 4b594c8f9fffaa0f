"""The assembly of IOC Workbench: the one package allowed to import every layer.

``ioc`` (the core) knows no domain, no dashboard and no library above it; ``geodata`` and
``nlp`` are libraries; ``ioc_plugins`` are the domains; ``dashboards`` render them. This
package puts them together into the ``ioc`` console script (:mod:`workbench.cli`).
``tests/test_architecture.py`` checks that nothing else does.
"""
