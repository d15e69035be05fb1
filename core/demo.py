"""The demo association that ``manage.py seed_demo`` builds (issue #2 item 8, issue #3).

Everything is created through the domain services (``<app>/services.py``), so the demo obeys
every rule of SPEC.md: a certificate exists because a director decided on an advised audit whose
report was reviewed by a second auditor, and so on. Only what no service creates is written
directly: the users and their roles (``core`` has no user service; the admin and
``createsuperuser`` create users the same way).

**History by walking a timeline.** Each organisation's story is a generator that yields the date
of its next step; :class:`Timeline` runs the steps of all stories in date order and every service
gets that date as ``today``. The services check dates against ``today`` (a fieldwork cannot start
before its planned day, an appeal must come within a month, …), so walking in order is what makes
the past possible. Running in date order also makes member numbers, certificate numbers and
complaint references count up in time. All dates are relative to today, so the demo looks right
on any day: "expires in five months" stays true.

**The clock.** While a past step runs, the process clock is moved to that day (09:00 and on,
Amsterdam) with ``time-machine`` when it is installed (development installs; not the production
image). The services' own timestamps — ``created_at``, the change history's date and the decision
record's ``decided_at`` (R-0.3 "when") — then show the day the step happened instead of the moment
the demo was built. Without ``time-machine`` the dates in the data are the same; only those
timestamps say "now".

**Idempotent.** The whole build runs in one transaction and is skipped when the demo is already
there (:func:`demo_exists`). Each run then runs the daily sweep for today (``core.sweep``), which
is idempotent on the same day and keeps a demo built weeks ago current (expired certificates,
R-M3 flags).

**No e-mail for the past.** ``notifications.events`` queues an e-mail (and, for a certificate,
its PDF) after the commit of each event. The demo's events happened in the past, so the build
drops those after-commit callbacks; it renders the certificate PDFs of the members with a portal
login itself (:func:`_certificate_pdfs`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import logging
import random
import re
from collections import Counter
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from audits.models import (
    AuditKind,
    AuditState,
    CertificationBody,
    InterimTrigger,
    InvolvementKind,
    ReportVersion,
)
from audits.services import (
    assessment_record,
    audit_agree_quote,
    audit_assign_team,
    audit_create,
    audit_give_oral_feedback,
    audit_impose_interim,
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
from certificates.models import WithdrawalReason
from certificates.selectors import valid_certificate
from certificates.services import (
    certificate_decide,
    certificate_record_swn_report,
    certificate_withdraw,
    postponement_decide,
    postponement_request,
)
from complaints.models import Channel, ComplaintSubject
from complaints.services import (
    complaint_acknowledge,
    complaint_handle_objection,
    complaint_mark_serious,
    complaint_object,
    complaint_register,
    complaint_resolve,
    complaint_respond,
)
from core import dates
from core.demo_guard import DEMO_PASSWORD, require_demo_allowed
from core.exceptions import RuleViolation
from core.models import Role, User, UserRole
from core.sweep import sweep_deadlines
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
    member_pause,
    member_reject,
    member_resign,
)
from suspensions.models import AppealSubject, NoticeAudience, Publication, SummonsMethod
from suspensions.services import (
    appeal_file,
    hearing_record,
    hearing_summon,
    suspension_decide,
    suspension_expel,
    suspension_send_notice,
)

try:  # a development dependency: the production image builds the demo without it
    import time_machine
except ImportError:  # pragma: no cover - exercised only without the dev dependencies
    time_machine = None

ADMIN_EMAIL = "beheer@nvvk.example"
#: The organisation whose application is the last thing the demo creates (see demo_exists).
MARKER_MEMBER = "Budgetcoach Zoetermeer"

ONE_DAY = dt.timedelta(days=1)
Step = Generator[dt.date, None, object]


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def workday(day: dt.date) -> dt.date:
    """The last working day on or before ``day`` (R-0.2): audits, letters and decisions of the
    demo fall on working days. Monotone, so steps keep their order."""
    while not dates.is_working_day(day):
        day -= ONE_DAY
    return day


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# --- the cast -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    role: str
    email: str


#: One login per role: ``make run`` prints these (password DEMO_PASSWORD for all).
LOGINS = [
    Login("Verenigingsbureau", "bureau@nvvk.example"),
    Login("Directeur", "directeur@nvvk.example"),
    Login("Bestuur", "bestuur@nvvk.example"),
    Login("Kernteam Kwaliteit", "kernteam@nvvk.example"),
    Login("Auditor (Alfa Certificering)", "auditor@alfa-certificering.example"),
    Login("Contactpersoon lid (Schuldhulp Zwolle)", "contact@schuldhulp-zwolle.example"),
    Login("Beheer /admin/ (superuser)", ADMIN_EMAIL),
]

STAFF = [
    # email, name, roles, is_staff, is_superuser
    ("bureau@nvvk.example", "Bea Bureau", [Role.BUREAU], True, False),
    ("directeur@nvvk.example", "Dirk Directeur", [Role.DIRECTOR], True, False),
    ("bestuur@nvvk.example", "Bram Bestuur", [Role.BOARD], False, False),
    ("kernteam@nvvk.example", "Kim Kernteam", [Role.QUALITY_TEAM], False, False),
    (ADMIN_EMAIL, "Beheerder NVVK", [Role.BUREAU, Role.DIRECTOR], True, True),
]


@dataclass(frozen=True)
class BodySpec:
    key: str
    name: str
    city: str
    domain: str
    accreditation: str  # RvA reference; empty when not accredited
    auditors: tuple[tuple[str, str], ...]  # (local part of the e-mail, name)


BODIES = [
    BodySpec("alfa", "Alfa Certificering B.V.", "Utrecht", "alfa-certificering.example",
             "RvA C 517", (("auditor", "Anouk de Vries"), ("tweede", "Thijs Bakker"))),
    BodySpec("beta", "Beta Kwaliteitsaudits B.V.", "Amersfoort", "beta-kwaliteit.example", "",
             (("auditor", "Bas Mulder"), ("tweede", "Fleur Jansen"))),
    BodySpec("gamma", "Gamma Audit & Certificatie", "Eindhoven", "gamma-audit.example", "",
             (("auditor", "Sanne Visser"), ("tweede", "Ruben de Boer"))),
]


@dataclass(frozen=True)
class MemberSpec:
    """One organisation of the demo and the story it lives through (see ``STORIES``)."""

    name: str
    city: str
    body: str
    story: str
    login: bool = False  # its first contact person can log in to the member portal
    options: dict = field(default_factory=dict)


MEMBERS = [
    # Members with a certificate valid for more than seven months (decided ``months`` ago).
    MemberSpec("GKB Amstelland", "Amstelveen", "alfa", "certified", options={"months": 2}),
    MemberSpec("Stadsbank Twente", "Enschede", "beta", "certified", options={"months": 4}),
    MemberSpec("Plangroep Noord", "Groningen", "gamma", "certified",
               options={"months": 5, "levels": True, "assess": True}),
    MemberSpec("Kredietbank Limburg Zuid", "Heerlen", "alfa", "certified",
               options={"months": 7, "conditional": True}),
    MemberSpec("Gemeentelijke Kredietbank Haarlem", "Haarlem", "beta", "certified",
               options={"months": 9}),
    MemberSpec("Schuldhulpverlening Leeuwarden", "Leeuwarden", "gamma", "certified",
               options={"months": 10, "observation": "5.8"}),
    MemberSpec("Budgetbeheer Gelderland", "Arnhem", "alfa", "certified", options={"months": 12}),
    MemberSpec("Stadsbank Apeldoorn", "Apeldoorn", "beta", "certified", options={"months": 14}),
    MemberSpec("GKB Hart van Brabant", "Tilburg", "gamma", "certified", options={"months": 15}),
    MemberSpec("Kredietbank Flevoland", "Almere", "alfa", "certified", options={"months": 17}),
    MemberSpec("Stadsbank Venlo", "Venlo", "alfa", "certified",
               options={"months": 19, "involvement": ("gamma", 1)}),
    MemberSpec("Kredietbank Drenthe", "Assen", "beta", "certified", options={"months": 21}),
    MemberSpec("Plangroep Amersfoort", "Amersfoort", "gamma", "certified",
               options={"months": 24}),
    MemberSpec("Stadsbank Maastricht", "Maastricht", "alfa", "certified",
               options={"months": 27}),
    # Long-standing members: admitted over three years ago, renewed ``months`` ago (R-Z3).
    MemberSpec("Kredietbank Nederland", "Den Haag", "alfa", "renewed",
               options={"months": 3, "covered": True}),
    MemberSpec("Stadsbank Rivierenland", "Tiel", "beta", "renewed", options={"months": 8}),
    MemberSpec("GKB Zaanstreek", "Zaandam", "alfa", "renewed", login=True,
               options={"months": 12, "nonconformity": "4.11"}),
    MemberSpec("Stadsbank Oost-Brabant", "Oss", "beta", "renewed", options={"months": 16}),
    MemberSpec("Kredietbank West-Brabant", "Roosendaal", "alfa", "renewed",
               options={"months": 20}),
    MemberSpec("Kredietbank Midden-Holland", "Gouda", "beta", "renewed",
               options={"months": 26, "swn": True}),
    # Certificates expiring within seven months without a planned audit (R-N1).
    MemberSpec("Schuldhulp Nijmegen", "Nijmegen", "gamma", "expiring", options={"months": 3}),
    MemberSpec("Stadsbank Delft", "Delft", "alfa", "expiring", options={"months": 6}),
    MemberSpec("GKB Leiden", "Leiden", "beta", "expiring", login=True,
               options={"days": 45, "postpone": 3}),
    # Recertification audits under way, at different steps of R-U2.
    MemberSpec("Plangroep Eindhoven", "Eindhoven", "gamma", "recertifying",
               options={"until": AuditState.DEVELOPMENT_LEVELS, "fieldwork": 10,
                        "levels": True, "assess": True}),
    MemberSpec("Kredietbank Kennemerland", "Heemskerk", "alfa", "recertifying",
               options={"until": AuditState.PREPARATION, "fieldwork": 24}),
    MemberSpec("Stadsbank Zeeland", "Middelburg", "beta", "recertifying",
               options={"until": AuditState.FIELDWORK, "fieldwork": 0, "assess": True}),
    MemberSpec("Kredietbank Noord-Veluwe", "Harderwijk", "alfa", "recertifying",
               options={"until": AuditState.CONCEPT_REPORT, "fieldwork": -16,
                        "observation": "3.4"}),
    MemberSpec("Schuldhulp Zwolle", "Zwolle", "beta", "recertifying", login=True,
               options={"until": AuditState.FOLLOW_UP, "fieldwork": -40,
                        "nonconformity": "4.11", "observation": "5.10",
                        "approve_plans": False}),
    MemberSpec("Plangroep Utrecht", "Utrecht", "alfa", "recertifying", login=True,
               options={"until": AuditState.ADVISED, "fieldwork": -50,
                        "nonconformity": "3.2"}),
    # Members whose certificate expired (R-M3): the sweep flags them.
    MemberSpec("Schuldhulp Deventer", "Deventer", "gamma", "expired", options={"days": 20}),
    MemberSpec("GKB Westland", "Naaldwijk", "alfa", "expired", login=True,
               options={"days": 35, "postponed": 4, "fieldwork": 40}),
    MemberSpec("Stadsbank Breda", "Breda", "beta", "expired",
               options={"days": 60, "fieldwork": 58}),
    # Paused (R-M4), suspended with an appeal pending (R-S*), expelled, resigned.
    MemberSpec("Kredietbank Alkmaar", "Alkmaar", "alfa", "paused"),
    MemberSpec("Geldzaken Emmen", "Emmen", "gamma", "suspended", login=True),
    MemberSpec("Schuldhulp Helmond", "Helmond", "beta", "expelled"),
    MemberSpec("Kredietbank Gooi en Vechtstreek", "Hilversum", "alfa", "resigned"),
    # Applications at each step of R-M1, and one rejected.
    MemberSpec("Financiële Hulp Rotterdam-Zuid", "Rotterdam", "beta", "admission_advised"),
    MemberSpec("Stichting Geldzorg Friesland", "Sneek", "gamma", "admission_audit", login=True),
    MemberSpec("Schuldhulp Hoorn West-Friesland", "Hoorn", "alfa", "under_review"),
    MemberSpec("Stichting Schuldmaatjes Ede", "Ede", "beta", "rejected"),
    MemberSpec(MARKER_MEMBER, "Zoetermeer", "alfa", "applicant"),
]

FIRST_NAMES = ["Anne", "Bart", "Carla", "Daan", "Els", "Frank", "Gerda", "Hans", "Ilse",
               "Jeroen", "Karin", "Lars", "Marieke", "Niels", "Olga", "Pieter", "Roos",
               "Sander", "Tineke", "Wouter", "Yvonne", "Mohamed", "Fatima", "Sevda", "Koen",
               "Lotte", "Ahmed", "Esther"]
LAST_NAMES = ["de Jong", "Jansen", "van den Berg", "van Dijk", "Janssen", "Smit", "Meijer",
              "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
              "Brouwer", "el Amrani", "Yilmaz", "Kok", "Postma", "Verhoeven", "Willems",
              "Koster", "Prins", "Kramer"]
FUNCTIONS = ["Teamleider schuldhulpverlening", "Kwaliteitsfunctionaris", "Manager bedrijfsvoering",
             "Directeur", "Coördinator financiële hulpverlening"]
#: Scope (R-M5): the forms every organisation offers, plus a few of the others.
BASE_SCOPE = [3, 4, 6, 8]
OTHER_SCOPE = [1, 2, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]
LEVELS = "ABCD"


@dataclass(frozen=True)
class Profile:
    """The generated particulars of one organisation (``random.Random(2026)``, in list order,
    so the same on every run and every day)."""

    contact_name: str
    contact_email: str
    phone: str
    function: str
    website: str
    scope: tuple[int, ...]
    core_data: dict
    audit_days: Decimal
    self_levels: str
    observed_levels: str


def _profiles(rng: random.Random) -> dict[str, Profile]:
    profiles = {}
    for spec in MEMBERS:
        name_slug = slug(spec.name)
        contact = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        fte = rng.choice([8, 12, 18, 25, 32, 45, 60])
        executive = round(fte * rng.uniform(0.55, 0.7), 1)
        scope = sorted({*BASE_SCOPE, *rng.sample(OTHER_SCOPE, rng.randint(2, 7))})
        profiles[spec.name] = Profile(
            contact_name=contact,
            contact_email=f"contact@{name_slug}.example",
            phone=f"0{rng.randint(10, 79)}-{rng.randint(1000000, 9999999)}",
            function=rng.choice(FUNCTIONS),
            website=f"https://www.{name_slug}.example",
            scope=tuple(scope),
            core_data={
                "address": f"{rng.choice(['Stationsplein', 'Markt', 'Kerkstraat', 'Stadhuisplein', 'Burgemeester de Withstraat', 'Laan van Vrede'])} {rng.randint(1, 120)}, {spec.city}",
                "formation_fte": Decimal(fte),
                "executive_permanent_fte": Decimal(str(executive)),
                "executive_permanent_count": int(executive * 1.2) + 1,
                "executive_temporary_fte": Decimal(str(round(fte * 0.08, 1))),
                "executive_temporary_count": max(1, int(fte * 0.1)),
                "supporting_staff_fte": Decimal(str(round(fte * 0.18, 1))),
                "management_fte": Decimal(str(round(max(1.0, fte * 0.08), 1))),
                "locations": rng.randint(1, 4),
                "interns_volunteers_fte": Decimal(str(round(rng.uniform(0, 4), 1))),
                "service_area": f"{spec.city} en omliggende gemeenten",
                "outsourced_parts": rng.choice(["", "Beschermingsbewind", "Salarisadministratie"]),
                "hired_third_parties": rng.choice(["", "ICT-beheer", "Juridisch advies"]),
            },
            audit_days=Decimal("1.5") if fte < 20 else Decimal("2.5") if fte < 40 else Decimal(3),
            self_levels="".join(rng.choice("ABBC") for _area in range(7)),
            observed_levels="".join(rng.choice("ABBC") for _area in range(7)),
        )
    return profiles


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


# --- the timeline -------------------------------------------------------------------------------


class DemoError(Exception):
    """A story could not take a step: a service refused it (the message names the rule)."""


class Timeline:
    """Runs the steps of many stories in date order. A story is a generator that yields the date
    of its next step and takes that step when resumed; ``(date, order of scheduling)`` decides
    who goes first, so the run is deterministic."""

    def __init__(self, today: dt.date):
        self.today = today
        self._queue: list[tuple[dt.date, int, str, Step]] = []
        self._order = 0
        self._steps_on: Counter[dt.date] = Counter()
        self.current = dt.date.min
        self.steps = 0

    def add(self, name: str, story: Step) -> None:
        try:
            first = next(story)
        except StopIteration:
            return
        self._push(first, name, story)

    def _push(self, day: dt.date, name: str, story: Step) -> None:
        if day < self.current:
            raise DemoError(f"{name}: stap op {day} ligt vóór {self.current}")
        if day > self.today:
            raise DemoError(f"{name}: stap op {day} ligt na vandaag ({self.today})")
        self._order += 1
        heapq.heappush(self._queue, (day, self._order, name, story))

    def run(self) -> None:
        while self._queue:
            day, _order, name, story = heapq.heappop(self._queue)
            self.current = day
            self.steps += 1
            try:
                with self._clock(day):
                    following = story.send(day)
            except StopIteration:
                continue
            except RuleViolation as violation:
                raise DemoError(f"{name} op {day}: {violation}") from violation
            self._push(following, name, story)

    def _clock(self, day: dt.date):
        """Move the clock to ``day`` (09:00 Amsterdam, 90 seconds later for each further step
        that day) while a past step runs; today's steps run on the real clock."""
        if day >= self.today or time_machine is None:
            return contextlib.nullcontext()
        self._steps_on[day] += 1
        moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dates.AMSTERDAM) + dt.timedelta(
            seconds=90 * self._steps_on[day])
        return time_machine.travel(moment, tick=False)


# --- the demo -----------------------------------------------------------------------------------


class Demo:
    """What the stories share: the date of today, the people, the bodies and the members."""

    def __init__(self, today: dt.date):
        self.today = today
        self.start = dt.date(today.year - 8, 12, 1)
        self.profiles = _profiles(random.Random(2026))
        self.password = make_password(DEMO_PASSWORD)
        self.users: dict[str, User] = {}
        self.bodies: dict[str, CertificationBody] = {}
        self.auditors: dict[str, list] = {}
        self.member_pks: dict[str, int] = {}
        self._team_turn: Counter[str] = Counter()

    # people
    def user(self, email: str, full_name: str, roles: Iterable[str], *, is_staff=False,
             is_superuser=False) -> User:
        """A demo login (no service creates users; see the module docstring)."""
        user, _created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "is_staff": is_staff,
                                   "is_superuser": is_superuser, "password": self.password})
        for role in roles:
            UserRole.objects.get_or_create(user=user, role=role)
        user.__dict__.pop("_role_cache", None)
        self.users[email] = user
        return user

    @property
    def bea(self) -> User:
        return self.users["bureau@nvvk.example"]

    @property
    def dirk(self) -> User:
        return self.users["directeur@nvvk.example"]

    @property
    def kim(self) -> User:
        return self.users["kernteam@nvvk.example"]

    def member(self, name: str) -> Member:
        return Member.objects.get(pk=self.member_pks[name])

    def contact_user(self, spec: MemberSpec) -> User | None:
        return self.users.get(self.profiles[spec.name].contact_email) if spec.login else None

    def team(self, spec: MemberSpec):
        """Lead and second auditor of the member's body, taking turns as lead (R-C4)."""
        first, second = self.auditors[spec.body]
        self._team_turn[spec.body] += 1
        return (first, second) if self._team_turn[spec.body] % 3 else (second, first)


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


# --- the stories --------------------------------------------------------------------------------


def story_certified(demo: Demo, spec: MemberSpec) -> Step:
    """A member since ``months`` ago with one valid certificate."""
    decided = dates.add_months(demo.today, -spec.options["months"])
    yield from _admission(demo, spec, decided, **_audit_options(spec))


def story_renewed(demo: Demo, spec: MemberSpec) -> Step:
    """Admitted over three years ago; the renewal started ``months`` ago (R-Z3). Options: an
    afwijking at the admission audit resolved at the recertification (R-F3, R-F8); a combined
    SWN audit with four years and the SWN report received after two (R-Z2)."""
    renewed_from = dates.add_months(demo.today, -spec.options["months"])
    options = _audit_options(spec)
    first = yield from _admission(demo, spec, dates.add_years(renewed_from, -3),
                                  nonconformity=options.pop("nonconformity", ""))
    member = demo.member(spec.name)
    judge = ()
    if spec.options.get("nonconformity"):
        judge = [(spec.options["nonconformity"], "resolved",
                  "Steekproef van tien dossiers volledig; het plan van aanpak is uitgevoerd.")]
    swn = spec.options.get("swn", False)
    certificate = yield from _renewal(
        demo, spec, member, first, swn=swn, judge=judge,
        kind=AuditKind.COMBINED_SWN if swn else AuditKind.RECERTIFICATION, **options)
    if swn:
        received = workday(certificate.swn_report_due_on - days(10))
        if received <= demo.today:
            yield received
            certificate_record_swn_report(certificate=certificate, received_on=received,
                                          actor=demo.bea, today=received)


def _expiry_date(demo: Demo, spec: MemberSpec) -> dt.date:
    """The first day without certificate: in ``months`` or ``days`` from today (negative
    ``days`` counted back for expired certificates)."""
    if "months" in spec.options:
        return dates.add_months(demo.today, spec.options["months"])
    return demo.today + days(spec.options["days"])


def story_expiring(demo: Demo, spec: MemberSpec) -> Step:
    """A certificate that ends within seven months with no audit planned yet (R-N1); with
    ``postpone`` the member has just asked for postponement (R-Z4, waiting for the bureau)."""
    lapse = _expiry_date(demo, spec)
    certificate = yield from _admission(demo, spec, _decided_for_expiry(lapse),
                                        **_audit_options(spec))
    months = spec.options.get("postpone")
    if months:
        day = workday(demo.today - days(3))
        yield day
        postponement_request(
            certificate=certificate, months=months, actor=demo.contact_user(spec), today=day,
            reason="Onze teamleider kwaliteit is langdurig uitgevallen; de voorbereiding van de "
                   "hercertificering lukt niet vóór de einddatum.")


def story_recertifying(demo: Demo, spec: MemberSpec) -> Step:
    """A recertification audit under way, up to step ``until``; its fieldwork lies two months
    before the certificate ends (R-Z3: at most three)."""
    fieldwork = workday(demo.today + days(spec.options["fieldwork"]))
    lapse = dates.add_months(fieldwork, 2)
    yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    yield from _audit(demo, spec, member, kind=AuditKind.RECERTIFICATION, fieldwork=fieldwork,
                      until=spec.options["until"], **_audit_options(spec))


def story_expired(demo: Demo, spec: MemberSpec) -> Step:
    """A member whose certificate ended ``days`` ago: the sweep expires it and flags the
    member (R-M3). With ``postponed`` the director granted postponement beforehand (R-Z4, more
    than three months) and the audit is in preparation; with ``fieldwork`` alone the member has
    just chosen its body."""
    lapse = demo.today - days(spec.options["days"])
    certificate = yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    months = spec.options.get("postponed")
    if months:
        day = workday(lapse - days(50))
        yield day
        postponement = postponement_request(
            certificate=certificate, months=months, actor=demo.contact_user(spec), today=day,
            reason="Fusie met de schuldhulpverlening van de buurgemeente per 1 januari; de "
                   "audit willen we op de nieuwe organisatie laten plaatsvinden.")
        day = workday(day + days(7))
        yield day
        postponement_decide(
            postponement=postponement, grant=True, actor=demo.dirk, today=day,
            motivation="Gegronde reden (fusie); de CI adviseert de audit na de fusie te houden.",
            body_advice="Audit na de fusie, binnen de uitsteltermijn, is goed uitvoerbaar.")
    fieldwork = workday(demo.today + days(spec.options.get("fieldwork", 0)))
    if months:
        yield from _audit(demo, spec, member, kind=AuditKind.RECERTIFICATION,
                          fieldwork=fieldwork, until=AuditState.PREPARATION)
    elif "fieldwork" in spec.options:
        yield from _audit(demo, spec, member, kind=AuditKind.RECERTIFICATION,
                          fieldwork=fieldwork, until=AuditState.BODY_CHOSEN,
                          created_on=workday(demo.today - days(12)))


def story_paused(demo: Demo, spec: MemberSpec) -> Step:
    """R-M4: the certificate lapsed five months ago; the director paused the membership so the
    organisation can still get certified, and its re-audit is being prepared (R-U1)."""
    lapse = dates.add_months(demo.today, -5)
    yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    day = workday(dates.add_months(demo.today, -4))
    yield day
    member_pause(member=member, actor=demo.dirk, today=day,
                 motivation="Geen geldig certificaat (R-M3); de organisatie reorganiseert en "
                            "krijgt de gelegenheid zich opnieuw te laten certificeren.")
    yield from _audit(demo, spec, member, kind=AuditKind.RE_AUDIT,
                      fieldwork=demo.today + days(30), until=AuditState.QUOTE_AGREED)


def story_suspended(demo: Demo, spec: MemberSpec) -> Step:
    """R-S1 … R-S4: the certificate lapsed seven months ago and no audit came; after a hearing
    the director suspended the member for three months, the notice went to members and
    convenant partners (R-S7), and the member's appeal is pending with the board."""
    lapse = dates.add_months(demo.today, -7)
    yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    summoned = workday(demo.today - days(75))
    yield summoned
    hearing = hearing_summon(member=member, summoned_on=summoned, method=SummonsMethod.LETTER,
                             hearing_on=workday(summoned + days(14)), actor=demo.dirk,
                             today=summoned)
    yield hearing.hearing_on
    hearing_record(hearing=hearing, held_on=hearing.hearing_on, actor=demo.dirk,
                   today=hearing.hearing_on,
                   member_statement="De organisatie erkent de achterstand en wijst op "
                                    "personeelstekort; een auditdatum is nog niet gepland.")
    day = workday(summoned + days(19))
    yield day
    suspension = suspension_decide(
        member=member, hearing=hearing, starts_on=day, months=3, notified_on=day,
        publication=Publication.REGISTER, actor=demo.dirk, today=day,
        motivation="Ruim vijf maanden zonder geldig certificaat en geen audit gepland "
                   "(R-M3); gehoord op de hoorzitting.")
    day = workday(day + days(2))
    yield day
    for audience, recipients in ((NoticeAudience.MEMBERS, 41),
                                 (NoticeAudience.CONVENANT_PARTNERS, 12)):
        suspension_send_notice(suspension=suspension, audience=audience, actor=demo.bea,
                               recipients=recipients, today=day,
                               text=f"{member.name} is met ingang van {suspension.starts_on} "
                                    f"geschorst tot en met {suspension.ends_on}.")
    day = workday(suspension.notified_on + days(21))
    yield day
    appeal_file(suspension=suspension, subject=AppealSubject.SUSPENSION, announced_on=day,
                actor=demo.contact_user(spec), today=day,
                motivation="De schorsing is onevenredig: de audit is inmiddels aangevraagd en "
                           "de dienstverlening aan klanten loopt door.")


def story_expelled(demo: Demo, spec: MemberSpec) -> Step:
    """R-S5 (b): suspended well over a year ago, converted into expulsion at the end of the
    suspension; no appeal came, so the daily sweep made the expulsion final."""
    lapse = dates.add_months(demo.today, -26)
    yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    summoned = workday(dates.add_months(demo.today, -22))
    yield summoned
    hearing = hearing_summon(member=member, summoned_on=summoned, method=SummonsMethod.LETTER,
                             hearing_on=workday(summoned + days(14)), actor=demo.dirk,
                             today=summoned)
    yield hearing.hearing_on
    hearing_record(hearing=hearing, held_on=hearing.hearing_on, member_did_not_appear=True,
                   actor=demo.dirk, today=hearing.hearing_on)
    day = workday(hearing.hearing_on + days(4))
    yield day
    suspension = suspension_decide(
        member=member, hearing=hearing, starts_on=day, months=3, notified_on=day,
        actor=demo.dirk, today=day,
        motivation="Al vier maanden zonder geldig certificaat; niet verschenen op de "
                   "hoorzitting.")
    day = workday(day + days(2))
    yield day
    for audience in NoticeAudience.values:
        suspension_send_notice(suspension=suspension, audience=audience, recipients=40,
                               actor=demo.bea, today=day,
                               text=f"{member.name} is geschorst tot en met "
                                    f"{suspension.ends_on}.")
    day = workday(suspension.ends_on + days(5))
    yield day
    suspension_expel(suspension=suspension, notified_on=day, actor=demo.dirk, today=day,
                     motivation="Gedurende de schorsing geen audit aangevraagd en geen "
                                "contact opgenomen.")
    # The daily sweep of the day after the appeal window (R-S3) makes the expulsion final.
    day = dates.add_months(day, 1) + days(1)
    yield day
    sweep_deadlines(day)


def story_resigned(demo: Demo, spec: MemberSpec) -> Step:
    """R-M2: the member merged and resigned while its recertification was being planned: the
    open audit is cancelled and the director withdraws the certificate (R-Z5)."""
    certificate = yield from _admission(demo, spec, dates.add_months(demo.today, -34))
    member = demo.member(spec.name)
    yield from _audit(demo, spec, member, kind=AuditKind.RECERTIFICATION,
                      fieldwork=demo.today - days(30), until=AuditState.QUOTE_AGREED)
    day = workday(demo.today - days(60))
    yield day
    member_resign(member=member, actor=demo.bea, today=day,
                  reason="Gefuseerd met de Kredietbank Midden-Nederland.")
    day = workday(day + days(1))
    yield day
    certificate_withdraw(certificate=certificate, reason=WithdrawalReason.MEMBERSHIP_ENDED,
                         actor=demo.dirk, today=day,
                         motivation="Lidmaatschap opgezegd na fusie; het certificaat vervalt.")


def story_admission_advised(demo: Demo, spec: MemberSpec) -> Step:
    """R-M1 step 3: the admission audit advised positively and the kernteam too; the
    director's decision is waiting."""
    F = workday(demo.today - days(60))
    member = yield from _apply(demo, spec, workday(F - days(150)))
    yield from _review(demo, spec, member, workday(F - days(140)))
    day = workday(F - days(110))
    yield day
    admission_start_audit(member=member, actor=demo.bea, today=day)
    yield from _audit(demo, spec, member, kind=AuditKind.ADMISSION, fieldwork=F,
                      observation="6.2")
    day = workday(F + days(52))
    yield day
    admission_record_quality_team_advice(
        member=member, advice="positive", actor=demo.kim, today=day,
        text="Positief: solide organisatie; de kanttekening over scholing is bekend.")


def story_admission_audit(demo: Demo, spec: MemberSpec) -> Step:
    """R-M1 step 2: the applicant chose its body; the admission audit is in preparation and
    the zelfscan is filled in (R-U3)."""
    F = workday(demo.today + days(28))
    member = yield from _apply(demo, spec, workday(demo.today - days(120)))
    yield from _review(demo, spec, member, workday(demo.today - days(110)))
    day = workday(demo.today - days(85))
    yield day
    admission_start_audit(member=member, actor=demo.bea, today=day)
    yield from _audit(demo, spec, member, kind=AuditKind.ADMISSION, fieldwork=F,
                      until=AuditState.PREPARATION, assess=True)


def story_under_review(demo: Demo, spec: MemberSpec) -> Step:
    """R-M1 step 1: the bureau checked the application; contact with the organisation is still
    to be made, so the admission audit cannot start yet."""
    member = yield from _apply(demo, spec, workday(demo.today - days(20)))
    yield from _review(demo, spec, member, workday(demo.today - days(12)), contacted=False)


def story_rejected(demo: Demo, spec: MemberSpec) -> Step:
    """R-M2: the check found the conditions not met; the director rejected the application."""
    member = yield from _apply(demo, spec, workday(demo.today - days(95)))
    yield from _review(demo, spec, member, workday(demo.today - days(88)), meets=False)
    day = workday(demo.today - days(70))
    yield day
    member_reject(member=member, actor=demo.dirk, today=day,
                  motivation="Voldoet niet aan de wettelijke eisen voor schuldhulpverlening "
                             "(controle Verenigingsbureau).")


def story_applicant(demo: Demo, spec: MemberSpec) -> Step:
    """R-M1 step 1: a fresh application, waiting for the bureau."""
    yield from _apply(demo, spec, workday(demo.today - days(3)))


STORIES: dict[str, Callable[[Demo, MemberSpec], Step]] = {
    "certified": story_certified,
    "renewed": story_renewed,
    "expiring": story_expiring,
    "recertifying": story_recertifying,
    "expired": story_expired,
    "paused": story_paused,
    "suspended": story_suspended,
    "expelled": story_expelled,
    "resigned": story_resigned,
    "admission_advised": story_admission_advised,
    "admission_audit": story_admission_audit,
    "under_review": story_under_review,
    "rejected": story_rejected,
    "applicant": story_applicant,
}


def story_complaints(demo: Demo) -> Step:
    """R-K1 … R-K3 and R-T1/R-T2: a closed complaint about a member (objection handled), a
    serious and public complaint that led to an interim audit, and a fresh complaint about a
    body."""
    # 1. About a member, nine months ago: resolved, objected to, objection handled, closed.
    received = workday(dates.add_months(demo.today, -9))
    yield received
    bea = demo.bea
    complaint = complaint_register(
        received_at=timezone.now(), channel=Channel.EMAIL,
        subject_kind=ComplaintSubject.MEMBER, member=demo.member("Kredietbank Drenthe"),
        complainant_name="J. Hoekstra", complainant_email="j.hoekstra@mail.example",
        content="Mijn aanvraag voor schuldhulp ligt al zes weken stil zonder bericht.",
        actor=bea, today=received)
    yield received
    complaint_acknowledge(complaint=complaint, actor=bea, today=received)
    day = dates.add_working_days(received, 4)
    yield day
    complaint_respond(complaint=complaint, actor=bea, today=day,
                      response="Navraag gedaan: de intake is ingepland; excuses voor het "
                               "uitblijven van bericht.")
    day = dates.add_working_days(received, 20)
    yield day
    complaint_resolve(complaint=complaint, actor=bea, today=day,
                      outcome="Gegrond: de kredietbank heeft de termijnbewaking aangepast. "
                              "Bezwaar is mogelijk binnen vier weken.")
    filed = workday(day + days(10))
    yield filed
    complaint_object(complaint=complaint, filed_on=filed, actor=bea, today=filed,
                     content="Ik wil dat ook de gemiste betalingsregeling wordt hersteld.")
    day = workday(filed + days(14))
    yield day
    complaint_handle_objection(complaint=complaint, actor=demo.dirk, today=day,
                               outcome="Bezwaar besproken; de kredietbank herstelt de regeling. "
                                       "Klacht gesloten.")

    # 2. Serious and public, about a member: an interim audit is imposed (R-T1, R-T2).
    received = workday(demo.today - days(25))
    yield received
    complaint = complaint_register(
        received_at=timezone.now(), channel=Channel.WEB_FORM,
        subject_kind=ComplaintSubject.MEMBER, member=demo.member("Stadsbank Twente"),
        complainant_name="Stichting Cliëntenraad Enschede",
        complainant_email="secretariaat@clientenraad-enschede.example",
        content="Meerdere cliënten melden dat betalingen aan vaste lasten maandenlang niet zijn "
                "gedaan; de lokale krant heeft erover bericht.",
        actor=bea, today=received)
    yield received
    complaint_acknowledge(complaint=complaint, actor=bea, today=received)
    day = dates.add_working_days(received, 3)
    yield day
    complaint_respond(complaint=complaint, actor=bea, today=day,
                      response="De Stadsbank onderzoekt de betalingen; wij volgen dit en "
                               "informeren u over de uitkomst.")
    day = workday(demo.today - days(15))
    yield day
    complaint_mark_serious(complaint=complaint, serious_and_public=True, actor=demo.dirk,
                           today=day,
                           motivation="Meerdere cliënten getroffen en publiek bekend.")
    day = workday(demo.today - days(12))
    yield day
    audit_impose_interim(
        member=demo.member("Stadsbank Twente"), body=demo.bodies["beta"],
        trigger=InterimTrigger.COMPLAINT, trigger_source="", complaint=complaint,
        actor=demo.dirk, today=day,
        motivation="Ernstige en openbare klachten over het budgetbeheer; de CI toetst "
                   "normen 4.7 en 4.11 tussentijds.")

    # 3. About a body, two working days ago: acknowledged, the response is due.
    received = workday(demo.today - days(2))
    yield received
    complaint = complaint_register(
        received_at=timezone.now(), channel=Channel.EMAIL, subject_kind=ComplaintSubject.BODY,
        body=demo.bodies["gamma"], complainant_name="M. de Groot (Stadsbank Apeldoorn)",
        complainant_email="m.degroot@stadsbank-apeldoorn.example",
        content="Het conceptrapport kwam pas na zeven weken, ruim na de afgesproken termijn.",
        actor=bea, today=received)
    yield received
    complaint_acknowledge(complaint=complaint, actor=bea, today=received)


def _certificate_pdfs(demo: Demo) -> None:
    """R-Z7: the PDF of each valid certificate of a member whose contact can log in, so the
    member portal offers it. (Rendering all of them would double the build time; the others
    show none, as a certificate whose document task has not run yet.)"""
    # WeasyPrint reports each step (also of parsing its own stylesheets on import) at INFO;
    # keep the output of ``make run`` to the logins.
    progress = logging.getLogger("weasyprint.progress")
    level = progress.level
    progress.setLevel(logging.WARNING)
    try:
        from certificates.pdf import certificate_store_pdf  # WeasyPrint: only when needed

        for spec in MEMBERS:
            if not spec.login or spec.name not in demo.member_pks:
                continue
            certificate = valid_certificate(member=demo.member(spec.name), today=demo.today)
            if certificate is not None:
                certificate_store_pdf(certificate=certificate)
    finally:
        progress.setLevel(level)


# --- entry points -------------------------------------------------------------------------------


def demo_exists() -> bool:
    """The demo was built. The build is one transaction, so its last application (made three
    days before the build) being there means all of it is; looking for it by name (a natural
    key) also keeps a second build from duplicating the members when the marker login
    ``beheer@nvvk.example`` was deleted or renamed since."""
    return Member.objects.filter(name=MARKER_MEMBER).exists()


@dataclass
class BuildReport:
    built: bool
    steps: int = 0
    members_by_state: dict[str, int] = field(default_factory=dict)
    sweep: dict = field(default_factory=dict)


def build_demo(*, today: dt.date | None = None) -> BuildReport:
    """Build the demo association (once) and run today's sweep. See the module docstring."""
    require_demo_allowed()  # issue #17: never outside local or test settings
    today = today or dates.today()
    built = False
    steps = 0
    if not demo_exists():
        with transaction.atomic():
            connection = transaction.get_connection()
            hooks_before = len(connection.run_on_commit)
            demo = Demo(today)
            timeline = Timeline(today)
            timeline.add("setup", _setup(demo))
            timeline.add("evaluations", _evaluations(demo))
            for spec in MEMBERS:
                timeline.add(spec.name, STORIES[spec.story](demo, spec))
            timeline.add("complaints", story_complaints(demo))
            timeline.run()
            steps = timeline.steps
            # The demo's history happened in the past: the e-mails and documents that
            # ``notifications.events`` queues for each event after the commit (issue #5)
            # belong to those days and are not sent now.
            del connection.run_on_commit[hooks_before:]
            _certificate_pdfs(demo)
        built = True
    sweep = sweep_deadlines(today)
    states = Counter(Member.objects.filter(name__in=[spec.name for spec in MEMBERS])
                     .values_list("state", flat=True))
    return BuildReport(built=built, steps=steps, members_by_state=dict(sorted(states.items())),
                       sweep=sweep)


def other_logins() -> list[Login]:
    """Every further demo login: the other auditors and the member contacts with a login."""
    logins = [Login(f"Auditor ({spec.name})", f"{local}@{spec.domain}")
              for spec in BODIES for local, _name in spec.auditors]
    logins = [login for login in logins if login.email != "auditor@alfa-certificering.example"]
    profiles = _profiles(random.Random(2026))
    logins += [Login(f"Contactpersoon ({spec.name})", profiles[spec.name].contact_email)
               for spec in MEMBERS if spec.login and spec.name != "Schuldhulp Zwolle"]
    return logins
