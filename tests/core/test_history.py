"""R-0.4: every domain model keeps a full change history (who, when, what, why).

The model list is read from the app registry, so a model added later without history fails
here unless it is added, with its reason, to ``WITHOUT_HISTORY``.
"""

import pytest
from django.apps import apps
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalChanges

from core.history import change_reason_text, save_with_history
from core.models import DomainModel

PROJECT_APPS = ("core", "members", "audits", "findings", "certificates", "suspensions",
                "complaints", "notifications")

# Concrete models that deliberately have no simple-history table, with the reason.
WITHOUT_HISTORY = {
    "core.Decision": "append-only (R-0.3): never changed, so the record is its own history",
    "findings.FindingKindChange": "itself a log row of a finding's kind (R-F8), written once",
    "certificates.CertificateNumberCounter": "technical number sequence under a row lock; the "
                                             "numbers it hands out are on the certificates",
    "members.MemberNumberCounter": "technical number sequence under a row lock (issue #13); "
                                   "the numbers it hands out are on the members",
    "complaints.ComplaintReferenceCounter": "technical number sequence under a row lock "
                                            "(issue #13); the references are on the complaints",
    "core.LoginThrottle": "a counter of failed logins per account or address (issue #17), "
                          "rewritten on every attempt; not a record of the domain",
}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _concrete_models():
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if issubclass(model, HistoricalChanges):  # simple-history's own tables
                continue
            yield model


def test_r0_4_every_project_model_has_history():
    """R-0.4: each concrete model of the project apps has a ``history`` manager, except the
    documented exceptions."""
    missing = [
        _label(model) for model in _concrete_models()
        if _label(model) not in WITHOUT_HISTORY
        and not isinstance(getattr(model, "history", None), HistoryManager)
    ]
    assert missing == []


def test_r0_4_domain_models_are_many():
    """R-0.4: the scan above really sees the domain models (guards against an empty loop)."""
    labels = {_label(model) for model in _concrete_models()}
    assert {"core.Document", "core.Flag", "members.Member", "audits.Audit", "findings.Finding",
            "certificates.Certificate", "suspensions.Suspension",
            "complaints.Complaint"} <= labels
    for model in _concrete_models():
        if issubclass(model, DomainModel):
            assert isinstance(model.history, HistoryManager), _label(model)


@pytest.mark.parametrize("label", sorted(WITHOUT_HISTORY))
def test_r0_4_documented_exceptions_exist_and_have_no_history(label):
    """R-0.4: the exception list stays true (no stale or superfluous entries)."""
    model = apps.get_model(label)
    assert not hasattr(model, "history")
    assert not issubclass(model, DomainModel)


def test_r0_4_save_with_history_records_actor_and_reason(member_x, bea):
    """R-0.4: the history row names who changed what, and why."""
    before = member_x.history.count()
    member_x.city = "Kampen"
    save_with_history(member_x, actor=bea, reason="adres gewijzigd")

    assert member_x.history.count() == before + 1
    row = member_x.history.first()
    assert row.history_type == "~"
    assert row.history_user == bea
    assert change_reason_text(row.history_change_reason) == "adres gewijzigd"
    assert row.city == "Kampen"
    assert row.history_date is not None
    # What changed: the diff against the previous row.
    delta = row.diff_against(row.prev_record)
    assert "city" in delta.changed_fields


def test_r0_4_save_with_history_on_creation(bea):
    """R-0.4: a new object's first history row carries the actor and the reason too."""
    from members.models import ScopeItem

    item = ScopeItem(number=99, title="Proefitem")
    save_with_history(item, actor=bea, reason="aangemaakt door bureau")
    row = item.history.get()
    assert row.history_type == "+"
    assert row.history_user == bea
    assert change_reason_text(row.history_change_reason) == "aangemaakt door bureau"


def test_r0_4_a_long_reason_is_kept_whole(member_x, bea):
    """R-0.4: the change reason column is a text (issue #9: it holds stored messages with
    their parameters), so a long reason is kept whole, on PostgreSQL as on SQLite."""
    reason = "Reden " + "x" * 200
    member_x.city = "Kampen"
    save_with_history(member_x, actor=bea, reason=reason)
    assert change_reason_text(member_x.history.first().history_change_reason) == reason


def test_r0_4_the_users_history_holds_no_password_hash():
    """R-0.4: the account's history (invitations, deactivation, a reset second factor, issue
    #8) never copies the password hash, nor the time of every login."""
    from core.models import User

    fields = {field.name for field in User.history.model._meta.get_fields()}
    assert "email" in fields and "is_active" in fields and "invited_at" in fields
    assert "password" not in fields and "last_login" not in fields
