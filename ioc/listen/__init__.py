"""Live intake: long-running listeners that feed sources into the data layer as they arrive.

Each listener (``ioc listen <kind>``) reads one transport — an MQTT broker, a growing file —
hands the payloads to a plugin's adapter by name (the plugin contract, never a domain import),
and writes micro-batches through :meth:`ioc.datalayer.DataLayer.write`, one atomic commit per
batch, keeping its position in the state store so a restarted listener resumes where the last
committed batch ended.
"""
