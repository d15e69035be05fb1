"""Factories and helpers for audits tests."""

import datetime as dt

from factory.django import DjangoModelFactory

from audits.models import AuditReport, InvolvementKind, PriorInvolvement, ReportVersion
from core.documents import document_store
from findings.models import Advice, AdviceKind


class PriorInvolvementFactory(DjangoModelFactory):
    """Advisory work of an auditor for a member (R-C3)."""

    class Meta:
        model = PriorInvolvement

    kind = InvolvementKind.ADVISORY
    description = "Advies over de inrichting van het schuldhulpproces."
    started_on = dt.date(2022, 1, 1)
    ended_on = dt.date(2022, 6, 30)


def add_report(audit, *, version=ReportVersion.CONCEPT, by):
    """A report document on ``audit`` stored directly (the upload service checks the step)."""
    document = document_store(content=b"%PDF-1.4 rapport", name="rapport.pdf",
                              mime_type="application/pdf", actor=by, member=audit.member)
    return AuditReport.objects.create(audit=audit, version=version, document=document,
                                      uploaded_by=by)


def add_advice(audit, *, kind=AdviceKind.POSITIVE, by, given_on=dt.date(2026, 4, 20)):
    """The body's advice on ``audit`` (R-F7), as the findings services would record it."""
    conditions = "Binnen zes maanden dossiervorming verbeteren." if kind == "conditional" else ""
    return Advice.objects.create(audit=audit, kind=kind, conditions=conditions,
                                 motivation="Voldoet aan het kwaliteitskader.",
                                 given_on=given_on, given_by=by)
