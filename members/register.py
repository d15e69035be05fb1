"""One line of the public register (R-N2): public fields only (R-A2)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RegisterEntry:
    """A member as the ledenregister shows it: name, place, website, scope, the certificate
    (number, validity, body) and its status; ``suspended`` when a published suspension is in
    force (R-S7). Never a contact person's data (R-A2)."""

    member: object
    status: object
    suspended: bool = False
    certificate: object = None
    body: object = None
    scope: list = field(default_factory=list)

    @property
    def status_code(self) -> str:
        return "suspended" if self.suspended else self.status.code
