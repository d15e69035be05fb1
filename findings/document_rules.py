"""Who may open a plan of approach's attachment (issue #8, SPEC §1, R-A1, R-F3), registered
with the one document policy (:func:`core.documents.documents_for`) from
``FindingsConfig.ready()``: the member's contacts, and the active auditors who may see the
plan on their portal (:func:`findings.selectors.plans_for_auditor`: the plans of their own
body's findings, and of the open findings of a member their body is auditing now, whose
follow-up that audit judges, R-F2/R-F3). The same rule serves the page and the download."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.documents import any_of, document_kind
from core.models import Role

from .models import PlanOfApproach
from .selectors import plans_for_auditor


def _plan_ids():
    return PlanOfApproach.objects.filter(document__isnull=False).values("document_id")


@document_kind("findings.plan", rule_id="R-F3", label=_("Plan van aanpak"), documents=_plan_ids)
def plan_readable(user):
    """R-F3/R-A1: the member's contacts; the auditors whose portal shows the plan (active
    auditors only, :func:`findings.selectors.findings_for_auditor`)."""
    member = auditor = None
    if user.has_role(Role.MEMBER_CONTACT):
        member = Q(Exists(PlanOfApproach.objects.filter(
            document=OuterRef("pk"), finding__member__contacts__user=user)))
    if user.has_role(Role.AUDITOR):
        auditor = Q(pk__in=plans_for_auditor(user=user).filter(document__isnull=False)
                    .values("document_id"))
    return any_of(member, auditor)
