"""The signed daily digest of the decision chain (issue #13, R-0.3).

Every day the sweep e-mails the chain head (the hash of the newest decision record, see
``core.decision_chain``) to ``DECISION_DIGEST_EMAIL`` (off when empty), for the bureau to
archive outside the system. Anyone who later finds the chain recomputed from an older record
on will see that its head no longer matches the archived one.

The digest is signed with HMAC-SHA256 over its ``payload`` line, keyed with
``DECISION_DIGEST_KEY`` (falls back to ``SECRET_KEY``); check it with, e.g.,
``printf %s "<payload>" | openssl dgst -sha256 -hmac "<key>"``."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings

from core.decision_chain import verify_chain

from .services import notification_queue


def digest_payload(*, today: dt.date, records: int, head: str, intact: bool) -> str:
    """The signed line: date, records verified, chain head, state."""
    return f"keurmerk-decisions {today.isoformat()} records={records} head={head} " \
           f"{'intact' if intact else 'BROKEN'}"


def digest_signature(payload: str) -> str:
    key = (settings.DECISION_DIGEST_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def decision_digest_sweep(*, today: dt.date) -> dict[str, int]:
    """Daily (core.sweep), once a day (outbox key): queue the signed digest."""
    address = settings.DECISION_DIGEST_EMAIL
    if not address:
        return {"queued": 0}
    report = verify_chain()
    payload = digest_payload(today=today, records=report.checked, head=report.head,
                             intact=report.intact)
    notification_queue(
        template="decision-digest", to=address, key=f"decision-digest:{today.isoformat()}",
        context={"today": today, "payload": payload, "signature": digest_signature(payload),
                 "head": report.head, "records": report.checked,
                 "before_chain": report.before_chain, "intact": report.intact,
                 "broken_at": report.broken_at},
    )
    return {"queued": 1}
