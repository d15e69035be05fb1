"""The cast of the demo: the staff, the three certification bodies and the organisations with
the story each lives through, and their generated particulars (see :mod:`demo`)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from audits.models import AuditState
from core.models import Role

ADMIN_EMAIL = "beheer@nvvk.example"
#: The organisation whose application is the last thing the demo creates
#: (see :func:`demo.build.demo_exists`).
MARKER_MEMBER = "Budgetcoach Zoetermeer"


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
               options={"until": AuditState.FIELDWORK, "fieldwork": 0, "levels": True,
                        "assess": True}),
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

