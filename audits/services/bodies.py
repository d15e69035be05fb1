"""R-C1 certification bodies: registration, recognition, contracts, accreditation and the
yearly evaluation.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.exceptions import RuleViolation
from core.history import save_with_history as _save
from core.messages import stored
from core.models import Role
from core.rules import require_role as _require_role
from core.rules import require_text
from core.rules import today_or as _today

from ..models import BodyEvaluation, CertificationBody, Contract
from ._common import _date_not_future

# --- R-C1 certification bodies ----------------------------------------------------------------


@transaction.atomic
def body_register(
    *, name: str, actor, city: str = "", website: str = "", recognised: bool = False,
    today: dt.date | None = None,
) -> CertificationBody:
    """R-C1: the bureau registers a certification body (recognised or not yet)."""
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("certificerende instellingen beheren"))
    require_text(name, rule_id="R-C1", message=_(
        "De naam van de certificerende instelling ontbreekt."))
    if CertificationBody.objects.filter(name__iexact=name.strip()).exists():
        raise RuleViolation("R-C1", _("%(name)s is al geregistreerd.") % {"name": name})
    body = CertificationBody(name=name.strip(), city=city or "", website=website or "",
                             recognised=bool(recognised))
    return _save(body, actor=actor, reason=stored("certificerende instelling geregistreerd (R-C1)"))


@transaction.atomic
def body_set_recognition(*, body: CertificationBody, recognised: bool, actor,
                         today: dt.date | None = None) -> CertificationBody:
    """R-C1: the NVVK recognises a body (or withdraws its recognition)."""
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("de erkenning van een certificerende instelling wijzigen"))
    body = CertificationBody.objects.select_for_update().get(pk=body.pk)
    body.recognised = bool(recognised)
    return _save(body, actor=actor,
                 reason=stored("erkend door NVVK (R-C1)") if recognised else stored("erkenning ingetrokken (R-C1)"))


@transaction.atomic
def body_record_contract(
    *, body: CertificationBody, starts_on: dt.date, actor, ends_on: dt.date | None = None,
    signed_on: dt.date | None = None, notes: str = "", today: dt.date | None = None,
) -> Contract:
    """R-C1: the contract (samenwerkingsovereenkomst) with start and end date. Contracts of
    one body do not overlap."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("contracten met certificerende instellingen vastleggen"))
    if ends_on is not None and ends_on < starts_on:
        raise RuleViolation("R-C1", _("Het contract eindigt vóór het ingaat."))
    if signed_on is not None:
        _date_not_future(signed_on, today, rule_id="R-C1", what=_("De ondertekening"))
    body = CertificationBody.objects.select_for_update().get(pk=body.pk)
    overlapping = body.contracts.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise RuleViolation(
            "R-C1", _("Dit contract overlapt met een bestaand contract van %(body)s (%(other)s).")
            % {"body": body, "other": overlapping.first()},
        )
    contract = Contract(body=body, starts_on=starts_on, ends_on=ends_on, signed_on=signed_on,
                        notes=notes or "")
    return _save(contract, actor=actor, reason=stored("contract vastgelegd (R-C1)"))


@transaction.atomic
def body_record_accreditation(
    *, body: CertificationBody, accredited: bool, actor, reference: str = "",
    today: dt.date | None = None,
) -> CertificationBody:
    """R-C1: accreditation by the Raad voor Accreditatie (preferred, not required)."""
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("de accreditatie vastleggen"))
    if accredited and not (reference or "").strip():
        raise RuleViolation("R-C1", _("Vermeld het accreditatienummer van de RvA."))
    body = CertificationBody.objects.select_for_update().get(pk=body.pk)
    body.accredited = bool(accredited)
    body.accreditation_reference = (reference or "").strip() if accredited else ""
    return _save(body, actor=actor, reason=stored("accreditatie RvA vastgelegd (R-C1)"))


@transaction.atomic
def body_record_evaluation(
    *, body: CertificationBody, year: int, held_on: dt.date, summary: str, actor,
    agreements: str = "", today: dt.date | None = None,
) -> BodyEvaluation:
    """R-C1: the yearly evaluation with each body (one per year)."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("de jaarlijkse evaluatie vastleggen"))
    _date_not_future(held_on, today, rule_id="R-C1", what=_("De evaluatie"))
    require_text(summary, rule_id="R-C1", message=_("Het verslag van de evaluatie ontbreekt."))
    body = CertificationBody.objects.select_for_update().get(pk=body.pk)
    if body.evaluations.filter(year=year).exists():
        raise RuleViolation(
            "R-C1", _("De evaluatie %(year)s met %(body)s is al vastgelegd.")
            % {"year": year, "body": body},
        )
    evaluation = BodyEvaluation(body=body, year=year, held_on=held_on, summary=summary,
                                agreements=agreements or "")
    return _save(evaluation, actor=actor, reason=stored("jaarlijkse evaluatie %(year)s (R-C1)", year=year))
