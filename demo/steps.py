"""The building blocks of the stories (see :mod:`demo`): the association's set-up and the steps
of R-M1 (apply, review, admission), of an audit (R-U2) and of a renewal (R-Z3), each a
generator that yields the date of its next step to the :class:`~demo.timeline.Timeline`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from audits.models import AuditKind, AuditState, CertificationBody, InvolvementKind, ReportVersion
from audits.services import (
    assessment_record,
    audit_agree_quote,
    audit_assign_team,
    audit_create,
    audit_give_oral_feedback,
    audit_make_definitive,
    audit_plan,
    audit_present,
    audit_review,
    audit_start_development_levels,
    audit_start_fieldwork,
    audit_start_follow_up,
    audit_start_preparation,
    audit_submit_concept,
    audit_upload_report,
    auditor_declare_involvement,
    auditor_record_confidentiality,
    auditor_register,
    body_record_accreditation,
    body_record_contract,
    body_record_evaluation,
    body_register,
    norm_mark_covered,
)
from certificates.services import certificate_decide
from core import dates
from core.models import Role
from demo.specs import BODIES, STAFF, MemberSpec
from demo.timeline import ONE_DAY, Demo, Step, days, workday
from findings.models import AdviceKind, Finding, FindingKind, FindingStatus
from findings.services import (
    advice_give,
    finding_judge_follow_up,
    finding_record,
    plan_approve,
    plan_submit,
)
from members.models import Member
from members.services import (
    admission_complete,
    admission_inform_board,
    admission_record_check,
    admission_record_contact,
    admission_record_quality_team_advice,
    admission_start_audit,
    admission_start_review,
    contact_update,
    core_data_update,
    member_admit,
    member_apply,
)

# --- a readable report document -----------------------------------------------------------------


def report_pdf(title: str, lines: Iterable[str] = ()) -> bytes:
    """A small but valid one-page PDF standing in for an audit report."""

    def escape(text: str) -> bytes:
        raw = text.encode("cp1252", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    body = [b"BT /F1 16 Tf 56 780 Td (" + escape(title) + b") Tj ET"]
    for index, line in enumerate(lines):
        body.append(b"BT /F1 11 Tf 56 %d Td (" % (750 - 16 * index) + escape(line) + b") Tj ET")
    stream = b"\n".join(body)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)



# --- building blocks of the stories -------------------------------------------------------------


def _setup(demo: Demo) -> Step:
    """The association's staff and the three recognised, contracted bodies (R-C1) with their
    auditors and signed confidentiality declarations (R-C3)."""
    start = demo.start
    yield start
    for email, name, roles, is_staff, is_superuser in STAFF:
        demo.user(email, name, roles, is_staff=is_staff, is_superuser=is_superuser)
    bea = demo.bea
    for spec in BODIES:
        body = CertificationBody.objects.filter(name=spec.name).first()
        if body is None:
            body = body_register(name=spec.name, city=spec.city,
                                 website=f"https://www.{spec.domain}", recognised=True,
                                 actor=bea, today=start)
            contract_start = dt.date(demo.today.year - (7 if spec.key != "gamma" else 6), 1, 1)
            body_record_contract(body=body, starts_on=contract_start, signed_on=start,
                                 notes="Samenwerkingsovereenkomst certificering NVVK "
                                       "Kwaliteitskader, voor onbepaalde tijd.",
                                 actor=bea, today=start)
            if spec.accreditation:
                body_record_accreditation(body=body, accredited=True,
                                          reference=spec.accreditation, actor=bea, today=start)
        demo.bodies[spec.key] = body
        demo.auditors[spec.key] = []
        for local, name in spec.auditors:
            email = f"{local}@{spec.domain}"
            user = demo.user(email, name, [Role.AUDITOR])
            auditor = getattr(user, "auditor", None)
            if auditor is None:
                auditor = auditor_register(body=body, name=name, email=email, user=user,
                                           actor=bea, today=start)
                auditor = auditor_record_confidentiality(auditor=auditor, signed_on=start,
                                                         actor=user, today=start)
            demo.auditors[spec.key].append(auditor)


def _evaluations(demo: Demo) -> Step:
    """R-C1: the yearly evaluation with each body, held in February of the following year."""
    notes = {
        "alfa": "Doorlooptijden conceptrapporten binnen afspraak; twee auditors per audit "
                "consequent ingezet.",
        "beta": "Kwaliteit rapportages goed; planning van hercertificeringen eerder starten.",
        "gamma": "Pilot ontwikkelniveaus positief ontvangen; aandacht voor onafhankelijkheid "
                 "bij wisselingen in het auditteam.",
    }
    for year in range(demo.today.year - 3, demo.today.year):
        held = workday(dt.date(year + 1, 2, 12))
        if held > demo.today:
            continue
        yield held
        for spec in BODIES:
            body = demo.bodies[spec.key]
            if body.evaluations.filter(year=year).exists():
                continue
            body_record_evaluation(
                body=body, year=year, held_on=held,
                summary=f"Jaarevaluatie {year} met {body.name}: {notes[spec.key]}",
                agreements="Klachtenoverzicht (R-K4) en doorlooptijden per kwartaal delen.",
                actor=demo.bea, today=held)


def _apply(demo: Demo, spec: MemberSpec, on: dt.date) -> Step:
    """R-M1 step 1: the organisation applies (the public form, no login) and accepts the
    membership conditions."""
    yield on
    profile = demo.profiles[spec.name]
    member = member_apply(
        name=spec.name, city=spec.city, website=profile.website,
        contact_name=profile.contact_name, contact_email=profile.contact_email,
        contact_phone=profile.phone,
        motivation=f"{spec.name} biedt schuldhulpverlening in {spec.city} en wil het "
                   "NVVK-keurmerk dragen.",
        scope_numbers=profile.scope, conditions_accepted=True, actor=None, today=on)
    demo.member_pks[spec.name] = member.pk
    return member


def _review(demo: Demo, spec: MemberSpec, member: Member, on: dt.date, *,
            meets: bool = True, contacted: bool = True) -> Step:
    """R-M1 step 1: the bureau checks the application, determines the scope (R-M5), contacts the
    organisation and records its kerngegevens (R-M6); a portal login for the contact."""
    yield on
    bea, profile = demo.bea, demo.profiles[spec.name]
    admission_start_review(member=member, actor=bea, today=on)
    admission_record_check(
        member=member, meets_conditions=meets, scope_numbers=profile.scope, actor=bea, today=on,
        notes=("Inschrijving, vergunningen en klachtenregeling gecontroleerd; voldoet."
               if meets else "Geen registratie als schuldhulpverlener volgens de Wet op het "
                             "consumentenkrediet; werkt uitsluitend met vrijwilligers zonder "
                             "beroepskracht."))
    if contacted:
        admission_record_contact(member=member, actor=bea, contacted_on=on, today=on)
    core_data_update(member=member, data=profile.core_data, actor=bea, today=on)
    if spec.login:
        user = demo.user(profile.contact_email, profile.contact_name, [Role.MEMBER_CONTACT])
        contact_update(contact=member.contacts.get(is_primary=True), actor=bea, today=on,
                       function=profile.function, user=user)


FINDING_TEXTS = {
    "3.2": "Werkprocessen voor intake en stabilisatie zijn niet vastgelegd; medewerkers werken "
           "verschillend.",
    "3.4": "Verouderde werkplekken vertragen het registratiesysteem; vervanging is gepland.",
    "4.11": "In 4 van de 12 steekproefdossiers ontbreken het ondertekende plan van aanpak en "
            "de toestemmingsverklaring.",
    "6.2": "Overleg met ketenpartners vindt plaats, maar wordt niet jaarlijks geëvalueerd.",
    "5.8": "Scholingsplan is er, maar wordt niet per medewerker gevolgd.",
    "5.10": "Jaargesprekken zijn in het afgelopen jaar niet met alle medewerkers gevoerd.",
}


def _audit(demo: Demo, spec: MemberSpec, member: Member, *, kind: str, fieldwork: dt.date,
           until: str = AuditState.ADVISED, created_on: dt.date | None = None,
           levels: bool = False, assess: bool = False, covered: bool = False,
           nonconformity: str = "", observation: str = "", approve_plans: bool = True,
           judge: Iterable[tuple[str, str, str]] = (), conditions: str = "") -> Step:
    """One audit through the steps of R-U2, up to and including ``until``. The steps are
    placed around the first fieldwork day ``fieldwork`` (F): chosen at F−70, quote and team at
    F−60, preparation at F−45, zelfscan at F−30, development levels at F−14, fieldwork F, oral
    feedback F+1, concept F+12, review by the second auditor F+16 (R-C4), presented F+19,
    definitive and follow-up F+26, plan of approach F+33 and its approval F+40 (R-F3), advice
    F+45 (R-F7)."""
    F = workday(fieldwork)
    body = demo.bodies[spec.body]
    lead, second = demo.team(spec)
    contact = demo.contact_user(spec)
    profile = demo.profiles[spec.name]
    year = F.year

    day = workday(created_on or F - days(70))
    yield day
    audit = audit_create(member=member, kind=kind, body=body, actor=contact or demo.bea,
                         development_levels=levels, fieldwork_starts_on=F, today=day)
    if until == AuditState.BODY_CHOSEN:
        return audit

    day = max(day, workday(F - days(60)))
    yield day
    audit_plan(audit=audit, actor=lead.user, fieldwork_starts_on=F,
               fieldwork_ends_on=max(F, workday(F + ONE_DAY)), planned_days=profile.audit_days,
               planned_auditors=2, scope_numbers=profile.scope, today=day)
    audit_assign_team(audit=audit, lead=lead, second=second, actor=lead.user, today=day)
    audit_agree_quote(audit=audit, actor=lead.user, on=day, today=day)
    if until == AuditState.QUOTE_AGREED:
        return audit

    day = workday(F - days(45))
    yield day
    audit_start_preparation(audit=audit, actor=lead.user, today=day)
    if covered:
        norm_mark_covered(
            audit=audit, norm_code="7.6", other_mark="ISO 9001:2015",
            reference=f"ISO-certificaat {year - 1}-0412", actor=lead.user, today=day,
            improvement_follow_up="Verbeterpunt jaarverslag (publieksversie) is opgevolgd.",
            reduction="Een halve auditdag minder: norm 7.6 is via ISO 9001 getoetst (R-U5).")
    if assess:
        day = workday(F - days(30))
        yield day
        for area, level in enumerate(profile.self_levels, start=1):
            assessment_record(audit=audit, area_number=area, actor=contact or demo.bea,
                              self_assessment=level, today=day,
                              self_assessment_notes="Zelfscan ingevuld met het team.")
    if until == AuditState.PREPARATION:
        return audit
    if levels:
        day = workday(F - days(14))
        yield day
        audit_start_development_levels(audit=audit, actor=lead.user, today=day)
        if until == AuditState.DEVELOPMENT_LEVELS:
            return audit

    yield F
    audit_start_fieldwork(audit=audit, actor=lead.user, today=F)
    if assess:
        for area, level in enumerate(profile.observed_levels, start=1):
            assessment_record(audit=audit, area_number=area, actor=lead.user,
                              observation=level, today=F,
                              observation_notes="Waargenomen in interviews en dossiers.")
    for norm_code, outcome, notes in judge:
        finding = Finding.objects.get(member=member, norm__code=norm_code,
                                      status=FindingStatus.OPEN)
        finding_judge_follow_up(finding=finding, audit=audit, outcome=outcome, notes=notes,
                                actor=lead.user, today=F)
    nonconformities = []
    if nonconformity:
        nonconformities.append(finding_record(
            audit=audit, norm_code=nonconformity, kind=FindingKind.NONCONFORMITY,
            description=FINDING_TEXTS[nonconformity], actor=lead.user, today=F))
    if observation:
        finding_record(audit=audit, norm_code=observation, kind=FindingKind.OBSERVATION,
                       description=FINDING_TEXTS[observation], actor=lead.user, today=F)
    if until == AuditState.FIELDWORK:
        return audit

    day = max(F, workday(F + ONE_DAY))
    yield day
    audit_give_oral_feedback(audit=audit, actor=lead.user, on=day, today=day)
    day = workday(F + days(12))
    yield day
    title = f"{AuditKind(kind).label} {member.name} {year}"
    audit_upload_report(audit=audit, version=ReportVersion.CONCEPT, actor=lead.user, today=day,
                        content=report_pdf(f"Conceptrapport {title}", [body.name]),
                        name=f"Conceptrapport {title}.pdf")
    audit_submit_concept(audit=audit, actor=lead.user, today=day)
    if until == AuditState.CONCEPT_REPORT:
        return audit

    day = workday(F + days(16))
    yield day
    audit_review(audit=audit, reviewer=second, actor=second.user, today=day,
                 notes="Bevindingen en onderbouwing getoetst; akkoord.")
    day = workday(F + days(19))
    yield day
    audit_present(audit=audit, actor=lead.user, on=day, today=day)
    day = workday(F + days(26))
    yield day
    audit_upload_report(audit=audit, version=ReportVersion.DEFINITIVE, actor=lead.user,
                        today=day, content=report_pdf(f"Auditrapport {title}", [body.name]),
                        name=f"Auditrapport {title}.pdf")
    audit_make_definitive(audit=audit, actor=lead.user, on=day, today=day)
    audit_start_follow_up(audit=audit, actor=lead.user, today=day)
    if nonconformities:
        # R-F3: the plan of approach within two months of the finding.
        day = workday(F + days(33))
        yield day
        plans = [plan_submit(finding=finding, actor=contact, today=day,
                             text="Dossiercontrole door de teamleider bij elke afsluiting; "
                                  "checklist aangepast en het team geïnstrueerd.")
                 for finding in nonconformities]
        if approve_plans:
            day = workday(F + days(40))
            yield day
            for plan in plans:
                plan_approve(plan=plan, actor=lead.user, today=day,
                             assessment="Plan is concreet en haalbaar; goedgekeurd.")
    if until == AuditState.FOLLOW_UP:
        return audit

    day = workday(F + days(45))
    yield day
    advice_give(audit=audit, kind=AdviceKind.CONDITIONAL if conditions else AdviceKind.POSITIVE,
                conditions=conditions, actor=lead.user, today=day,
                motivation="Het auditteam heeft vastgesteld dat de organisatie aan de normen "
                           "van het NVVK Kwaliteitskader voldoet.")
    return audit


def _audit_options(spec: MemberSpec) -> dict:
    keys = ("levels", "assess", "covered", "nonconformity", "observation", "approve_plans")
    return {key: spec.options[key] for key in keys if key in spec.options}


def _admission(demo: Demo, spec: MemberSpec, decided_on: dt.date, **audit_options) -> Step:
    """R-M1 in four steps, ending with the director's admission and the first certificate
    (R-Z1, valid from the decision, R-Z2) on ``decided_on`` (D). Returns the certificate."""
    D = workday(decided_on)
    F = workday(D - days(56))
    member = yield from _apply(demo, spec, workday(F - days(186)))
    yield from _review(demo, spec, member, workday(F - days(180)))
    if "involvement" in spec.options:
        # R-C3: an auditor of another body declares earlier advisory work for this member;
        # the member chose a body without that auditor (R-C2).
        body_key, index = spec.options["involvement"]
        auditor = demo.auditors[body_key][index]
        auditor_declare_involvement(
            auditor=auditor, member=member, kind=InvolvementKind.ADVISORY, actor=auditor.user,
            description="Interim-adviseur bij het inrichten van de schuldhulpverlening.",
            started_on=dates.add_years(F, -3), ended_on=dates.add_months(F, -8))
    day = workday(F - days(110))
    yield day
    admission_start_audit(member=member, actor=demo.bea, today=day)
    conditions = ("Binnen zes maanden aantoonbaar maken dat de klachtenregeling op de website "
                  "staat." if spec.options.get("conditional") else "")
    audit = yield from _audit(demo, spec, member, kind=AuditKind.ADMISSION, fieldwork=F,
                              conditions=conditions, **audit_options)
    day = workday(F + days(50))
    yield day
    admission_record_quality_team_advice(
        member=member, advice="positive", actor=demo.kim, today=day,
        text="Het kernteam adviseert positief: de toelatingsaudit is positief en de "
             "organisatie past bij de vereniging.")
    yield D
    member_admit(member=member, actor=demo.dirk, today=D,
                 motivation="Positief advies van de CI en van het kernteam Kwaliteit.")
    certificate = certificate_decide(audit=audit, certify=True, actor=demo.dirk, today=D)
    admission_inform_board(member=member, actor=demo.bea, informed_on=D, today=D)
    done = min(workday(D + days(21)), demo.today)
    yield done
    admission_complete(member=member, actor=demo.bea, introduction_meeting_on=done,
                       certificate_handed_over_on=done, published_on=done, today=done)
    return certificate


def _renewal(demo: Demo, spec: MemberSpec, member: Member, previous, *,
             kind: str = AuditKind.RECERTIFICATION, swn: bool = False,
             **audit_options) -> Step:
    """A recertification audit two months before the certificate ends; the director decides
    and the renewal starts the day after the old one ends (R-Z3)."""
    start = previous.valid_until + ONE_DAY
    audit = yield from _audit(demo, spec, member, kind=kind,
                              fieldwork=dates.add_months(start, -2), **audit_options)
    day = workday(audit.fieldwork_starts_on + days(56))
    yield day
    return certificate_decide(audit=audit, certify=True, four_years_swn=swn, actor=demo.dirk,
                              today=day,
                              motivation="Gecombineerde NVVK/SWN-audit: vier jaar geldig."
                              if swn else "")


def _decided_for_expiry(last_day_plus_one: dt.date) -> dt.date:
    """The decision date of a first certificate that ends the day before
    ``last_day_plus_one`` (R-Z2: valid three years minus a day)."""
    return dates.add_years(last_day_plus_one, -3)
