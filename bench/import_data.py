"""Generating import workbooks for the import tests and the bench (issue #12): a valid register
of members, each with a contact, a past audit and a current certificate."""

import datetime as dt

from openpyxl import Workbook

from api.imports import schema
from certificates import deadlines

BODY = "Keurcert B.V."


def member_number(i: int) -> str:
    return f"M{i:06d}"


def rows_for(n_members: int, *, today: dt.date):
    """The rows of a valid register of ``n_members`` members, each with a contact and a
    current certificate (a renewal of an earlier one for every tenth member)."""
    bodies = [[BODY, "Utrecht", "keurcert.example", "ja", "ja", "C 1"]]
    auditors = [[BODY, "Anna Auditor", "anna@keurcert.example", "01-02-2024", "ja"]]
    members, contacts, audits, certificates = [], [], [], []
    for i in range(1, n_members + 1):
        number = member_number(i)
        members.append([number, f"Schuldhulp {i}", f"Plaats {i % 97}", f"www.lid{i}.example",
                        "1, 2", "Lid", "01-01-2015"])
        contacts.append([number, f"Contact {i}", f"contact{i}@lid{i}.example", "030 1234567",
                         "Teamleider", "ja"])
        start = today - dt.timedelta(days=30 + i % 700)
        if i % 10 == 0:
            earlier = dt.date(start.year - 3, start.month, start.day) \
                if not (start.month == 2 and start.day == 29) else start.replace(
                    year=start.year - 3, day=28)
            earlier_until = deadlines.validity(earlier)
            start = deadlines.renewal_start(earlier_until)
            certificates.append([f"OUD-{i:06d}", number, earlier, earlier_until, BODY,
                                 None, None, "nee"])
        audit_on = start - dt.timedelta(days=20)
        audits.append([number, "Hercertificeringsaudit", BODY, audit_on, None])
        certificates.append([f"NVVK-{i:06d}", number, start, deadlines.validity(start), BODY,
                             start - dt.timedelta(days=5), audit_on, "nee"])
    return {"bodies": bodies, "auditors": auditors, "members": members,
            "contacts": contacts, "audits": audits, "certificates": certificates}


def write_workbook(path, rows: dict, *, headers: dict | None = None) -> None:
    workbook = Workbook(write_only=True)
    for sheet in schema.SHEETS:
        if sheet.key not in rows:
            continue
        ws = workbook.create_sheet(sheet.title)
        ws.append((headers or {}).get(sheet.key) or [c.header for c in sheet.columns])
        for row in rows[sheet.key]:
            ws.append(row)
    workbook.save(path)
