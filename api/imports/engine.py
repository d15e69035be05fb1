"""Checking and writing an import file (issue #12, "Import").

:func:`run` reads the file twice at most, row by row in chunks (constant memory, whatever the
length): first it checks every row of every sheet and plans what each row creates or changes;
only when the whole file is free of errors — and ``write`` is asked — it reads the file again
and writes everything in one transaction (all or nothing). Writing repeats every check, so a
row that became invalid meanwhile rolls the whole import back.

Idempotent: members by member number, certificates by certificate number, bodies by name,
auditors by body and e-mail, contacts by member and e-mail, past audits by member, kind, body
and date. A row equal to what is stored changes nothing. Every object written gets a history
row "Geïmporteerd uit bestand X door Y" (R-0.4). Imported certificates obey the invariants of
decided ones: the validity of R-Z2 (``certificates.deadlines.validity``), contiguity R-Z3 (no
overlap; a certificate starting the day after another ends is its renewal,
``deadlines.renewal_start``, and supersedes it through the same transition as a decision),
the audit no more than three months before the start (``deadlines.audit_early_enough``); each
gets a decision record of kind "import" (R-0.3).
"""

import datetime as dt
import logging
from collections import defaultdict
from functools import partial
from itertools import islice

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audits.models import CERTIFYING_KINDS, Audit, AuditKind, Auditor, AuditState, CertificationBody
from certificates import deadlines
from certificates.models import Certificate, CertificateState
from core.decisions import decision_record
from core.history import save_with_history
from core.messages import reason_text, stored
from core.models import DecisionKind, Role
from members.models import Contact, Member, MemberState, ScopeItem

from . import parse, schema
from .reader import ImportFile, SheetSource
from .report import (
    CHANGE,
    CREATE,
    PREVIEW_ROWS,
    SAME,
    ImportAborted,
    Report,
    RowError,
    RowPlan,
    missing_columns,
    resolve_mapping,
)

logger = logging.getLogger(__name__)
CHUNK = 500
#: The member states an import can set on a new member; the others arise from procedures.
IMPORT_STATES = (MemberState.MEMBER, MemberState.PAUSED, MemberState.RESIGNED)



def import_reason(file_name: str, actor):
    return stored("Geïmporteerd uit bestand %(file)s door %(user)s", file=file_name,
                  user=str(actor))


def key_text(record: dict, header) -> str:
    """A key cell (member or certificate number) as the row checks read it."""
    try:
        return parse.text(record.get(header), 1000)
    except parse.CellError:
        return ""


def chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Run:
    """One pass over the file (checking, or writing when ``write``)."""

    def __init__(self, import_file: ImportFile, mapping: dict, actor, write: bool,
                 report: Report, progress=None, today: dt.date | None = None):
        self.file = import_file
        self.mapping = mapping
        self.actor = actor
        self.write = write
        self.report = report
        self.progress = progress or (lambda sheet, done: None)
        self.today = today or dt.date.today()
        self.reason = import_reason(import_file.name, actor)
        self.scope_items = {item.number: item for item in ScopeItem.objects.all()}
        self.bodies = {b.name.casefold(): b for b in CertificationBody.objects.all()}
        self.file_bodies: dict[str, int] = {}
        self.file_members: dict[str, int] = {}
        self.file_member_keys: set[str] = set()  # member numbers of valid member rows
        self.file_certificates: dict[str, int] = {}
        self.seen_keys: dict[tuple, int] = {}
        # R-Z3: per member number, the certificates (file and stored) as
        # (valid_from, valid_until, number, row or None)
        self.chains: dict[str, list] = defaultdict(list)
        self.certificate_rows: dict[str, tuple] = {}  # number -> (sheet, row)

    # -- helpers ------------------------------------------------------------------------
    def error(self, sheet: schema.Sheet, row: int, column_key: str | None, message):
        if column_key:
            header = self.mapping.get(sheet.key, {}).get(column_key) or sheet.column(
                column_key).header
        else:
            header = ""
        if not self.write:
            self.report.errors.append(RowError(str(sheet.label), row, header, str(message)))

    def plan(self, sheet, row, key, action, changes=()):
        if self.write:
            return
        self.report.counts[sheet.key][action] += 1
        if len(self.report.rows) < PREVIEW_ROWS:
            self.report.rows.append(RowPlan(str(sheet.label), row, key, action, list(changes)))

    def values(self, sheet, row, record) -> dict | None:
        """The row's raw cells by column key (the mapping's header per column)."""
        mapping = self.mapping.get(sheet.key, {})
        raw = {key: record.get(header) for key, header in mapping.items()}
        return raw

    def cell(self, sheet, row, raw, key, parser, *args, errors):
        value = raw.get(key)
        column = sheet.column(key)
        if column.required and (value is None or value == ""):
            errors.append((key, _("Verplicht veld is leeg.")))
            return None
        try:
            return parser(value, *args)
        except parse.CellError as error:
            errors.append((key, str(error)))
            return None

    def report_errors(self, sheet, row, errors) -> bool:
        for key, message in errors:
            self.error(sheet, row, key, message)
        if errors and self.write:
            raise ImportAborted(f"{sheet.title} rij {row}: {errors[0][1]}")
        return bool(errors)

    def duplicate(self, sheet, row, key_name, key, seen: dict, errors):
        if key in seen:
            errors.append((key_name, _("Komt al voor in rij %(row)s van dit tabblad.")
                           % {"row": seen[key]}))
            return True
        seen[key] = row
        return False

    def body(self, name):
        return self.bodies.get((name or "").casefold())

    def body_known(self, name) -> bool:
        return (name or "").casefold() in self.bodies or (name or "").casefold() in \
            self.file_bodies

    def member_known(self, number, stored_numbers) -> bool:
        return number in self.file_member_keys or number in stored_numbers

    # -- the pass -----------------------------------------------------------------------
    def run(self, sources: list[SheetSource]):
        for source in sources:
            handler = getattr(self, f"sheet_{source.sheet.key}")
            done = 0
            for chunk in chunks(self.file.rows(source)):
                handler(source.sheet, chunk)
                done += len(chunk)
                self.progress(source.sheet, done)
        self.check_chains()

    # -- certification bodies -------------------------------------------------------------
    def sheet_bodies(self, sheet, chunk):
        for row, record in chunk:
            raw = self.values(sheet, row, record)
            errors = []
            name = self.cell(sheet, row, raw, "name", parse.text, 200, errors=errors)
            data = {
                "city": self.cell(sheet, row, raw, "city", parse.text, 100, errors=errors),
                "website": self.cell(sheet, row, raw, "website", parse.url, errors=errors),
                "recognised": self.cell(sheet, row, raw, "recognised", parse.boolean,
                                        errors=errors),
                "accredited": self.cell(sheet, row, raw, "accredited", parse.boolean,
                                        errors=errors),
                "accreditation_reference": self.cell(sheet, row, raw, "accreditation_reference",
                                                     parse.text, 100, errors=errors),
            }
            if name:
                self.duplicate(sheet, row, "name", name.casefold(), self.file_bodies, errors)
            if self.report_errors(sheet, row, errors):
                continue
            self.upsert(sheet, row, name, self.body(name),
                        partial(CertificationBody, name=name, **data), data,
                        after=partial(self.bodies.__setitem__, name.casefold()))

    def upsert(self, sheet, row, key, existing, build, data, after=None):
        """Create ``build()`` or change ``existing`` to ``data``, with history."""
        if existing is None:
            self.plan(sheet, row, key, CREATE)
            if self.write:
                obj = save_with_history(build(), actor=self.actor, reason=self.reason)
                if after:
                    after(obj)
            return
        changes = [name for name, value in data.items() if getattr(existing, name) != value]
        self.plan(sheet, row, key, CHANGE if changes else SAME,
                  [str(type(existing)._meta.get_field(name).verbose_name) for name in changes])
        if self.write and changes:
            for name in changes:
                setattr(existing, name, data[name])
            save_with_history(existing, actor=self.actor, reason=self.reason)

    # -- auditors ---------------------------------------------------------------------------
    def sheet_auditors(self, sheet, chunk):
        for row, record in chunk:
            raw = self.values(sheet, row, record)
            errors = []
            body_name = self.cell(sheet, row, raw, "body", parse.text, 200, errors=errors)
            email = self.cell(sheet, row, raw, "email", parse.email, errors=errors)
            data = {
                "name": self.cell(sheet, row, raw, "name", parse.text, 200, errors=errors),
                "confidentiality_signed_on": self.cell(
                    sheet, row, raw, "confidentiality_signed_on", parse.date, errors=errors),
                "active": self.cell(sheet, row, raw, "active", parse.boolean, True,
                                    errors=errors),
            }
            if body_name and not self.body_known(body_name):
                errors.append(("body", _("Onbekende certificerende instelling ‘%(name)s’.")
                               % {"name": body_name}))
            if body_name and email:
                self.duplicate(sheet, row, "email", ("auditor", body_name.casefold(), email),
                               self.seen_keys, errors)
            if self.report_errors(sheet, row, errors):
                continue
            body = self.body(body_name)
            existing = (Auditor.objects.filter(body=body, email__iexact=email).first()
                        if body else None)
            self.upsert(sheet, row, f"{data['name']} ({body_name})", existing,
                        partial(Auditor, body=body, email=email, **data), data)

    # -- members ----------------------------------------------------------------------------
    def sheet_members(self, sheet, chunk):
        numbers = [key_text(r, self.mapping["members"].get("member_number"))
                   for _row, r in chunk]
        stored = {m.member_number: m for m in
                  Member.objects.filter(member_number__in=numbers).prefetch_related("scope")}
        new_members, scope_links = [], []
        for row, record in chunk:
            raw = self.values(sheet, row, record)
            errors = []
            number = self.cell(sheet, row, raw, "member_number", parse.text, 20, errors=errors)
            data = {
                "name": self.cell(sheet, row, raw, "name", parse.text, 200, errors=errors),
                "city": self.cell(sheet, row, raw, "city", parse.text, 100, errors=errors),
                "website": self.cell(sheet, row, raw, "website", parse.url, errors=errors),
                "member_since": self.cell(sheet, row, raw, "member_since", parse.date,
                                          errors=errors),
            }
            scope_numbers = self.cell(sheet, row, raw, "scope", parse.numbers, errors=errors)
            for item in scope_numbers or []:
                if item not in self.scope_items:
                    errors.append(("scope", _(
                        "Scope-onderdeel %(number)s bestaat niet (bijlage 1 kent %(first)s tot "
                        "en met %(last)s).") % {"number": item, "first": min(self.scope_items,
                                                                             default=1),
                                                "last": max(self.scope_items, default=22)}))
            state = MemberState.MEMBER
            if raw.get("state"):
                state = self.cell(sheet, row, raw, "state", parse.choice, MemberState,
                                  IMPORT_STATES, errors=errors)
            if data["member_since"] and data["member_since"] > self.today:
                errors.append(("member_since", _("Deze datum ligt in de toekomst.")))
            if number:
                self.duplicate(sheet, row, "member_number", number, self.file_members, errors)
            existing = stored.get(number)
            if existing is not None and state and existing.state != state and raw.get("state"):
                errors.append(("state", _(
                    "De status van een bestaand lid (%(current)s) verandert niet via een "
                    "import, alleen via de procedure.") % {
                        "current": existing.get_state_display()}))
            if number:
                # known to the sheets below even when this row has an error (reported once)
                self.file_member_keys.add(number)
            if self.report_errors(sheet, row, errors):
                continue
            scope = {self.scope_items[n] for n in scope_numbers or []}
            if existing is None:
                self.plan(sheet, row, number, CREATE)
                if self.write:
                    new_members.append((Member(member_number=number, state=state,
                                               state_changed_on=data["member_since"], **data),
                                        scope))
                continue
            changes = [name for name, value in data.items() if getattr(existing, name) != value]
            if scope_numbers is not None and raw.get("scope") is not None \
                    and set(existing.scope.all()) != scope:
                changes.append("scope")
            self.plan(sheet, row, number, CHANGE if changes else SAME,
                      [str(Member._meta.get_field(n).verbose_name) for n in changes])
            if self.write and changes:
                for name in changes:
                    if name != "scope":
                        setattr(existing, name, data[name])
                save_with_history(existing, actor=self.actor, reason=self.reason)
                if "scope" in changes:
                    existing.scope.set(scope)
        if new_members:
            created = bulk_create_with_history(
                [m for m, _s in new_members], Member, batch_size=CHUNK,
                default_user=self.actor, default_change_reason=reason_text(self.reason, None))
            by_number = {m.member_number: m for m in created}
            if any(m.pk is None for m in created):
                by_number = {m.member_number: m for m in Member.objects.filter(
                    member_number__in=[m.member_number for m, _s in new_members])}
            through = Member.scope.through
            for member, scope in new_members:
                scope_links.extend(through(member_id=by_number[member.member_number].pk,
                                           scopeitem_id=item.pk) for item in scope)
            through.objects.bulk_create(scope_links, batch_size=CHUNK)

    # -- contacts ---------------------------------------------------------------------------
    def sheet_contacts(self, sheet, chunk):
        numbers = {key_text(r, self.mapping["contacts"].get("member_number"))
                   for _row, r in chunk}
        members = {m.member_number: m for m in Member.objects.filter(member_number__in=numbers)}
        stored = {(c.member.member_number, c.email.lower()): c for c in
                  Contact.objects.filter(member__member_number__in=numbers)
                  .select_related("member")}
        new_contacts = []
        for row, record in chunk:
            raw = self.values(sheet, row, record)
            errors = []
            number = self.cell(sheet, row, raw, "member_number", parse.text, 20, errors=errors)
            email = self.cell(sheet, row, raw, "email", parse.email, errors=errors)
            data = {
                "name": self.cell(sheet, row, raw, "name", parse.text, 200, errors=errors),
                "phone": self.cell(sheet, row, raw, "phone", parse.text, 40, errors=errors),
                "function": self.cell(sheet, row, raw, "function", parse.text, 100,
                                      errors=errors),
                "is_primary": self.cell(sheet, row, raw, "is_primary", parse.boolean,
                                        errors=errors),
            }
            if number and not self.member_known(number, members):
                errors.append(("member_number", _("Onbekend lidnummer ‘%(number)s’.")
                               % {"number": number}))
            if number and email:
                self.duplicate(sheet, row, "email", ("contact", number, email), self.seen_keys,
                               errors)
            if self.report_errors(sheet, row, errors):
                continue
            existing = stored.get((number, email))
            if existing is None:
                self.plan(sheet, row, f"{data['name']} ({number})", CREATE)
                if self.write:
                    new_contacts.append(Contact(member=members[number], email=email, **data))
                continue
            changes = [n for n, v in data.items() if getattr(existing, n) != v]
            self.plan(sheet, row, f"{data['name']} ({number})", CHANGE if changes else SAME,
                      [str(Contact._meta.get_field(n).verbose_name) for n in changes])
            if self.write and changes:
                for name in changes:
                    setattr(existing, name, data[name])
                save_with_history(existing, actor=self.actor, reason=self.reason)
        if new_contacts:
            bulk_create_with_history(new_contacts, Contact, batch_size=CHUNK,
                                     default_user=self.actor,
                                     default_change_reason=reason_text(self.reason, None))

    # -- past audits ------------------------------------------------------------------------
    def sheet_audits(self, sheet, chunk):
        numbers = {key_text(r, self.mapping["audits"].get("member_number"))
                   for _row, r in chunk}
        members = {m.member_number: m for m in Member.objects.filter(member_number__in=numbers)}
        for row, record in chunk:
            raw = self.values(sheet, row, record)
            errors = []
            number = self.cell(sheet, row, raw, "member_number", parse.text, 20, errors=errors)
            kind = self.cell(sheet, row, raw, "kind", parse.choice, AuditKind, errors=errors)
            body_name = self.cell(sheet, row, raw, "body", parse.text, 200, errors=errors)
            on = self.cell(sheet, row, raw, "audit_date", parse.date, errors=errors)
            definitive_on = self.cell(sheet, row, raw, "definitive_on", parse.date,
                                      errors=errors)
            if number and not self.member_known(number, members):
                errors.append(("member_number", _("Onbekend lidnummer ‘%(number)s’.")
                               % {"number": number}))
            if body_name and not self.body_known(body_name):
                errors.append(("body", _("Onbekende certificerende instelling ‘%(name)s’.")
                               % {"name": body_name}))
            if on and on > self.today:
                errors.append(("audit_date", _("Een eerdere audit kan niet in de toekomst "
                                               "liggen.")))
            if on and definitive_on and definitive_on < on:
                errors.append(("definitive_on", _("Het rapport kan niet definitief zijn vóór "
                                                  "de auditdatum.")))
            if number and kind and body_name and on:
                self.duplicate(sheet, row, "audit_date",
                               ("audit", number, kind, body_name.casefold(), on),
                               self.seen_keys, errors)
            if self.report_errors(sheet, row, errors):
                continue
            key = f"{kind.label} {number} {on.isoformat()}"
            existing = Audit.objects.filter(member__member_number=number, kind=kind,
                                            body__name__iexact=body_name,
                                            fieldwork_starts_on=on).exists()
            self.plan(sheet, row, key, SAME if existing else CREATE)
            if self.write and not existing:
                save_with_history(Audit(
                    member=members[number], kind=kind, body=self.body(body_name),
                    state=AuditState.DECIDED, fieldwork_starts_on=on, fieldwork_ends_on=on,
                    definitive_on=definitive_on), actor=self.actor, reason=self.reason)

    # -- certificates -----------------------------------------------------------------------
    def sheet_certificates(self, sheet, chunk):
        numbers = {key_text(r, self.mapping["certificates"].get("number")) for _row, r in chunk}
        member_numbers = {key_text(r, self.mapping["certificates"].get("member_number"))
                          for _row, r in chunk}
        stored = {c.number: c for c in Certificate.objects.filter(number__in=numbers)
                  .select_related("member", "body")}
        members = {m.member_number: m for m in
                   Member.objects.filter(member_number__in=member_numbers)}
        for row, record in chunk:
            raw = self.values(sheet, row, record)
            errors = []
            number = self.cell(sheet, row, raw, "number", parse.text, 30, errors=errors)
            member_number = self.cell(sheet, row, raw, "member_number", parse.text, 20,
                                      errors=errors)
            valid_from = self.cell(sheet, row, raw, "valid_from", parse.date, errors=errors)
            valid_until = self.cell(sheet, row, raw, "valid_until", parse.date, errors=errors)
            body_name = self.cell(sheet, row, raw, "body", parse.text, 200, errors=errors)
            decided_on = self.cell(sheet, row, raw, "decided_on", parse.date, errors=errors)
            audit_date = self.cell(sheet, row, raw, "audit_date", parse.date, errors=errors)
            four = self.cell(sheet, row, raw, "four_years_swn", parse.boolean, errors=errors)
            if member_number and not self.member_known(member_number, members):
                errors.append(("member_number", _("Onbekend lidnummer ‘%(number)s’.")
                               % {"number": member_number}))
            if body_name and not self.body_known(body_name):
                errors.append(("body", _("Onbekende certificerende instelling ‘%(name)s’.")
                               % {"name": body_name}))
            if valid_from and valid_until:
                # R-Z2: three years minus a day, or four after a combined SWN audit.
                expected = deadlines.validity(valid_from, deadlines.SWN_YEARS if four
                                              else deadlines.STANDARD_YEARS)
                if valid_until != expected:
                    errors.append(("valid_until", _(
                        "R-Z2: een certificaat vanaf %(start)s is geldig tot en met "
                        "%(end)s.") % {"start": valid_from.strftime("%d-%m-%Y"),
                                       "end": expected.strftime("%d-%m-%Y")}))
            if valid_from and audit_date and (
                    not deadlines.audit_early_enough(audit_date, valid_from)
                    or audit_date > valid_from):
                errors.append(("audit_date", _(
                    "R-Z3: de audit ligt niet binnen drie maanden vóór het begin van het "
                    "certificaat.")))
            if number:
                self.duplicate(sheet, row, "number", number, self.file_certificates, errors)
            existing = stored.get(number)
            if existing is not None and not errors:
                differs = [label for label, same in (
                    (_("lidnummer"), existing.member.member_number == member_number),
                    (_("geldig vanaf"), existing.valid_from == valid_from),
                    (_("geldig tot en met"), existing.valid_until == valid_until),
                    (_("certificerende instelling"),
                     existing.body.name.casefold() == body_name.casefold())) if not same]
                if differs:
                    errors.append(("number", _(
                        "Dit certificaat staat al in het register met een ander(e) %(fields)s; "
                        "een genomen besluit verandert niet via een import.")
                        % {"fields": ", ".join(differs)}))
            if self.report_errors(sheet, row, errors):
                continue
            if existing is not None:
                self.plan(sheet, row, number, SAME)
                continue
            self.plan(sheet, row, number, CREATE)
            self.chains[member_number].append((valid_from, valid_until, number, row))
            self.certificate_rows[number] = (sheet, row)
            if self.write:
                self.certificate_create(
                    number=number, member=members[member_number], body=self.body(body_name),
                    valid_from=valid_from, valid_until=valid_until,
                    decided_on=decided_on or valid_from, audit_date=audit_date,
                    four=bool(four))

    def certificate_create(self, *, number, member, body, valid_from, valid_until, decided_on,
                           audit_date, four):
        audit = None
        if audit_date:
            audit = Audit.objects.filter(member=member, fieldwork_starts_on=audit_date,
                                         kind__in=CERTIFYING_KINDS,
                                         certificate__isnull=True).first()
        if audit is None:
            audit = save_with_history(Audit(
                member=member, body=body, state=AuditState.DECIDED,
                kind=AuditKind.COMBINED_SWN if four else AuditKind.RECERTIFICATION,
                fieldwork_starts_on=audit_date, fieldwork_ends_on=audit_date),
                actor=self.actor, reason=self.reason)
        state = (CertificateState.VALID if valid_until >= self.today
                 else CertificateState.EXPIRED)
        certificate = save_with_history(Certificate(
            number=number, member=member, audit=audit, body=body, state=state,
            valid_from=valid_from, valid_until=valid_until, decided_on=decided_on,
            four_years_swn=four,
            swn_report_due_on=deadlines.swn_report_due(valid_from) if four else None),
            actor=self.actor, reason=self.reason)
        certificate.scope.set(member.scope.all())
        role = Role.BUREAU if self.actor.has_role(Role.BUREAU) else Role.DIRECTOR
        decision_record(
            kind=DecisionKind.IMPORT, rule_id="R-Z1", actor=self.actor, role=role,
            subject=certificate, member=member,
            outcome=stored("Certificaat %(number)s geïmporteerd uit bestand %(file)s",
                           number=number, file=self.file.name))

    def check_chains(self):
        """R-Z3 over each member's certificates (file and stored): none may overlap; one that
        starts the day after another ends is its renewal (linked; the earlier one is
        superseded, the transition a decided renewal takes)."""
        sheet = schema.CERTIFICATES
        for start in range(0, len(self.chains), CHUNK):
            member_numbers = list(self.chains)[start:start + CHUNK]
            for certificate in Certificate.objects.filter(
                    member__member_number__in=member_numbers).exclude(
                    number__in=[c[2] for n in member_numbers for c in self.chains[n]]
            ).select_related("member").exclude(state=CertificateState.WITHDRAWN):
                self.chains[certificate.member.member_number].append(
                    (certificate.valid_from, certificate.valid_until, certificate.number, None))
            for member_number in member_numbers:
                chain = sorted(self.chains[member_number])
                for before, after in zip(chain, chain[1:], strict=False):
                    if after[0] <= before[1]:
                        row = after[3] if after[3] is not None else before[3]
                        other = before if row == after[3] else after
                        where = (_("rij %(row)s") % {"row": other[3]} if other[3] is not None
                                 else _("al in het register"))
                        self.error(sheet, row, "valid_from", _(
                            "R-Z3: overlapt met certificaat %(number)s (%(where)s).")
                            % {"number": other[2], "where": where})
                        if self.write:
                            raise ImportAborted(f"R-Z3 {after[2]}")
                    elif self.write and after[0] == deadlines.renewal_start(before[1]) \
                            and (after[3] is not None or before[3] is not None):
                        self.link_renewal(before[2], after[2])

    def link_renewal(self, previous_number, number):
        previous = Certificate.objects.select_for_update().get(number=previous_number)
        renewal = Certificate.objects.select_for_update().get(number=number)
        if renewal.previous_id == previous.pk:
            return
        renewal.previous = previous
        save_with_history(renewal, actor=self.actor, reason=self.reason)
        if previous.state in (CertificateState.VALID, CertificateState.EXPIRED):
            previous.supersede()
            save_with_history(previous, actor=self.actor, reason=self.reason)


def run(import_file: ImportFile, *, actor, mapping: dict | None = None, write: bool = False,
        progress=None, today: dt.date | None = None) -> Report:
    """Check ``import_file`` and, with ``write`` and no errors, write it (all or nothing)."""
    report = Report(file_name=import_file.name)
    sources = import_file.sources()
    mapping = resolve_mapping(sources, mapping)
    report.missing_columns = missing_columns(sources, mapping)
    if report.missing_columns:
        return report
    Run(import_file, mapping, actor, False, report, progress, today).run(sources)
    if write and report.ok:
        try:
            with transaction.atomic():
                Run(import_file, mapping, actor, True, report, progress, today).run(sources)
        except (ImportAborted, IntegrityError) as error:
            # The data changed between the check and the writing: nothing was written.
            report.errors.append(RowError("", 0, "", _(
                "Het register is tijdens de import gewijzigd; er is niets opgeslagen. Probeer "
                "het opnieuw.")))
            logger.warning("register import rolled back: %s", error)
            return report
        report.written = True
    return report
