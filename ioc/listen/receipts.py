"""Receipt times of the MQTT messages in flight, so a redelivered message gets its first one again.

Some payloads carry no time of their own (Frigate's GenAI ``description`` updates and
``triggers``): their rows are stamped with the time the listener received them, and that
time is part of their natural key. A listener killed after a batch was written but before
it was acknowledged gets the batch again from the broker; stamped with a new receipt time,
every such row would be stored a second time under another key.

So the listener records, in the state store and before it writes a batch, when each of its
messages was received (keyed by a digest of topic and payload), and deletes those records
once the batch is acknowledged. A message that arrives while its record is still there
(a redelivery) takes the recorded time: its rows come out identical and the data layer
drops them. Records older than the broker keeps a session are pruned at start.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import DateTime, String, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from ioc.store import Base, Store
from ioc.timestamps import as_utc

#: Digests per statement (SQLite's default limit on bound variables is far above this).
CHUNK = 500


class MqttReceipt(Base):
    """When a message of a not yet acknowledged batch was first received."""

    __tablename__ = "listen_mqtt_receipts"
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    received: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


def digest(topic: str, payload: bytes) -> str:
    """What identifies a message across deliveries: SHA-256 of its topic and payload."""
    return hashlib.sha256(topic.encode("utf-8") + b"\0" + payload).hexdigest()


def _chunks(values: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])


class Receipts:
    """The receipt records of one listener (one MQTT client id) in the state store."""

    def __init__(self, store: Store, client_id: str) -> None:
        self.store = store
        self.client_id = client_id

    def assign(self, digests: Sequence[str], now: pd.Timestamp) -> list[pd.Timestamp]:
        """The receipt time of each message: its recorded one, else ``now`` (then recorded)."""
        unique = list(dict.fromkeys(digests))
        known: dict[str, pd.Timestamp] = {}
        table = MqttReceipt.__table__
        # Core statements on one connection: a batch holds thousands of messages and the ORM's
        # unit of work would cost more than the rest of the batch's bookkeeping
        with self.store.engine.begin() as connection:
            for part in _chunks(unique):
                query = select(table.c.digest, table.c.received).where(
                    table.c.client_id == self.client_id, table.c.digest.in_(part)
                )
                known.update({row.digest: as_utc(row.received) for row in connection.execute(query)})
            fresh = [d for d in unique if d not in known]
            if fresh:
                when = now.to_pydatetime()
                connection.execute(
                    insert(table), [{"client_id": self.client_id, "digest": d, "received": when} for d in fresh]
                )
        return [known.get(d, now) for d in digests]

    def forget(self, digests: Sequence[str]) -> None:
        """Delete the records of acknowledged messages (the broker will not send them again)."""
        unique = list(dict.fromkeys(digests))
        if not unique:
            return
        table = MqttReceipt.__table__
        with self.store.engine.begin() as connection:
            for part in _chunks(unique):
                connection.execute(delete(table).where(table.c.client_id == self.client_id, table.c.digest.in_(part)))

    def prune(self, older_than: timedelta) -> int:
        """Delete records older than the broker keeps a session (those messages cannot come back)."""
        cutoff = datetime.now(UTC) - older_than
        with self.store.session() as session:
            result = session.execute(
                delete(MqttReceipt).where(MqttReceipt.client_id == self.client_id, MqttReceipt.received < cutoff)
            )
            session.commit()
            return int(result.rowcount or 0)
