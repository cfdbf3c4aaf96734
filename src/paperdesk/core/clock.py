"""The current time, replaceable by ``PAPERDESK_NOW`` so any day of the term can be shown."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from paperdesk.core.errors import PaperdeskError


def now(environ: Mapping[str, str]) -> datetime:
    """An aware datetime: ``PAPERDESK_NOW`` if set (naive means UTC), else the system clock."""
    override = environ.get("PAPERDESK_NOW", "").strip()
    if not override:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(override.replace("Z", "+00:00"))
    except ValueError as exc:
        raise PaperdeskError(
            f"PAPERDESK_NOW={override!r} is not an ISO 8601 time (like 2021-04-20T12:00-05:00)"
        ) from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)
