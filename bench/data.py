"""Building the benchmark database: the schema from the models, the reference data, and
generated members, audits and certificates in bulk (``bulk_create``: no signals, no history,
no e-mail — the data is there as if it had grown over years).

The generated population on ``TODAY`` (1 June 2026), for ``certificates`` = 2·n:

- n members in state *lid*, each with one contact person and two certificates: the previous
  one (superseded, R-Z3) and the current one, whose ``valid_until`` is spread evenly over
  the next three years, so every day some certificate is 7, 3 or 1 month from its end (R-Z6);
- about 2 % of the members did not renew: their current certificate ended in the last 30
  days and is still in state *valid* — the sweep expires it and flags the member (R-M3),
  and the day after its end it gets its reminder.
"""

import datetime as dt

from django.apps import apps
from django.core.management import call_command
from django.db import connection

from core.dates import add_years

TODAY = dt.date(2026, 6, 1)
BATCH = 2000
LAPSED_EVERY = 50  # one member in 50 did not renew (2 %)


def create_schema() -> None:
    """Tables from the models (migrations disabled in ``bench.settings``), the reference
    data and the database triggers, as the test suite builds its database."""
    from core.db import install_decision_triggers
    from core.reference import load_reference_data

    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    load_reference_data(apps)
    install_decision_triggers(connection)


def generate(*, certificates: int) -> dict[str, int]:
    """Bulk-create ``certificates`` certificates (two per member) with their members, contacts
    and audits; returns what was created."""
    from audits.models import Audit, AuditKind, AuditState, CertificationBody, Contract
    from certificates.deadlines import validity
    from certificates.models import Certificate, CertificateState
    from members.models import Contact, Member, MemberState

    members_count = certificates // 2
    bodies = [CertificationBody.objects.create(name=f"CI {letter} B.V.", recognised=True,
                                               accredited=True) for letter in "ABCD"]
    for body in bodies:
        Contract.objects.create(body=body, starts_on=dt.date(2015, 1, 1))

    members = Member.objects.bulk_create(
        [Member(name=f"Schuldhulp {i:05d}", city="Utrecht", state=MemberState.MEMBER,
                member_number=f"L{i:05d}", member_since=dt.date(2015, 1, 1))
         for i in range(members_count)], batch_size=BATCH)
    Contact.objects.bulk_create(
        [Contact(member=member, name=f"Contact {i:05d}", email=f"contact{i}@lid{i}.example",
                 is_primary=True) for i, member in enumerate(members)], batch_size=BATCH)

    audits = []
    for i, member in enumerate(members):
        body = bodies[i % len(bodies)]
        for year in (2020, 2023):
            audits.append(Audit(member=member, body=body, kind=AuditKind.RECERTIFICATION,
                                state=AuditState.DECIDED,
                                fieldwork_starts_on=dt.date(year, 3, 1) + dt.timedelta(i % 90),
                                fieldwork_ends_on=dt.date(year, 3, 2) + dt.timedelta(i % 90)))
    audits = Audit.objects.bulk_create(audits, batch_size=BATCH)

    previous, current = [], []
    for i, member in enumerate(members):
        if i % LAPSED_EVERY == 0:
            # Did not renew: the current certificate ended 1 to 30 days ago.
            valid_until = TODAY - dt.timedelta(days=1 + i // LAPSED_EVERY % 30)
        else:
            valid_until = TODAY + dt.timedelta(days=i % 1095)
        valid_from = add_years(valid_until + dt.timedelta(days=1), -3)
        old_from = add_years(valid_from, -3)
        previous.append(Certificate(
            number=f"NVVK-{old_from.year}-{i:06d}a", member=member, audit=audits[2 * i],
            body=audits[2 * i].body, state=CertificateState.SUPERSEDED, valid_from=old_from,
            valid_until=validity(old_from), decided_on=old_from))
        current.append((i, member, valid_from, valid_until))
    previous = Certificate.objects.bulk_create(previous, batch_size=BATCH)
    Certificate.objects.bulk_create(
        [Certificate(number=f"NVVK-{valid_from.year}-{i:06d}b", member=member,
                     audit=audits[2 * i + 1], body=audits[2 * i + 1].body,
                     previous=previous[i], state=CertificateState.VALID,
                     valid_from=valid_from, valid_until=valid_until, decided_on=valid_from)
         for i, member, valid_from, valid_until in current], batch_size=BATCH)
    return {"members": len(members), "audits": len(audits),
            "certificates": Certificate.objects.count()}


def one_certificate():
    """A certificate with a director's decision, core data and a full scope, to render."""
    from audits.models import Audit, AuditState, CertificationBody
    from certificates.models import Certificate
    from core.decisions import decision_record
    from core.models import DecisionKind, Role, User, UserRole
    from members.models import CoreData, Member, MemberState, ScopeItem

    director = User.objects.create_user("dirk@nvvk.example", full_name="Dirk Directeur")
    UserRole.objects.create(user=director, role=Role.DIRECTOR)
    member = Member.objects.create(name="Schuldhulp Benchmark", city="Zwolle",
                                   state=MemberState.MEMBER, member_since=dt.date(2015, 1, 1))
    CoreData.objects.create(member=member, name=member.name, address="Grote Markt 1, 8011 LW")
    body = CertificationBody.objects.first() or CertificationBody.objects.create(
        name="CI Bench B.V.", recognised=True)
    audit = Audit.objects.bulk_create([Audit(member=member, body=body, kind="recertification",
                                             state=AuditState.DECIDED,
                                             fieldwork_starts_on=dt.date(2026, 3, 2))])[0]
    [certificate] = Certificate.objects.bulk_create([Certificate(
        number="NVVK-2026-9999", member=member, audit=audit, body=body,
        valid_from=dt.date(2026, 6, 1), valid_until=dt.date(2029, 5, 31),
        decided_on=dt.date(2026, 5, 15))])
    certificate.scope.set(ScopeItem.objects.all())  # all 22: the longest certificate
    # through decision_record: the record joins the hash chain (issue #13)
    decision_record(kind=DecisionKind.CERTIFICATION, outcome="Gecertificeerd", rule_id="R-Z1",
                    actor=director, role=Role.DIRECTOR, subject=audit, member=member)
    return certificate
