"""The single domain error of Keurmerk."""


class RuleViolation(Exception):  # noqa: N818 - the domain calls it a violation, not an error
    """A state change refused by a rule of SPEC.md (R-0.5).

    ``rule_id`` names the rule (``"R-F3"``); ``message`` tells the user, in Dutch, what is
    missing to proceed. Views show both; they never turn into a 500.
    """

    def __init__(self, rule_id: str, message: str):
        self.rule_id = rule_id
        self.message = str(message)
        super().__init__(f"{rule_id}: {self.message}")

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.message}"


def refuse_first(blockers) -> None:
    """Refuse with the first of ``blockers`` (``(rule_id, message)`` pairs, what a page shows
    before the click, R-0.5): the service and the page read the same list, so they never
    disagree."""
    if blockers:
        raise RuleViolation(*blockers[0])
