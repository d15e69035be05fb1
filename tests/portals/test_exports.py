"""Lists as files (issue #11, core/exports.py): every bureau and director list downloads as CSV
and XLSX with the page's current filters, every row, Dutch headers; the rows match the filtered
page row for row; no complainant's personal data; text that a spreadsheet would run as a formula
is neutralised; the download is the page's own access (another role gets 403)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from complaints.models import Complaint
from core.decisions import decision_record
from core.models import DecisionKind, Role
from members.models import MemberState
from notifications.models import Notification, NotificationStatus
from tests.factories import AuditFactory, MemberFactory
from tests.portals.bureau_helpers import complaint_about

pytestmark = pytest.mark.django_db


def content_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return b"".join(response)


def csv_rows(response) -> list[list[str]]:
    text = content_of(response).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 with the byte-order mark
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content_of(response)), read_only=True).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def page_names(response) -> list[str]:
    return [row.name for row in response.context["page"]]


def test_the_filtered_member_list_exports_row_for_row_as_csv_and_xlsx(client, bea):
    """The bureau's member list filtered on a state exports exactly the rows of the filtered
    list (all pages, in the page's order) with Dutch headers; XLSX dates are date cells."""
    for n in range(60):
        MemberFactory(name=f"Lid {n:02d}", member_number=f"L-{n:03d}",
                      state=MemberState.MEMBER if n % 3 else MemberState.PAUSED)
    client.force_login(bea)
    url = reverse("bureau:member_list")
    listed = []
    for number in (1, 2):
        response = client.get(url, {"status": "member", "pagina": number})
        listed += page_names(response)
    assert "export=csv" in response.content.decode()  # the page offers the download
    as_csv = csv_rows(client.get(url, {"status": "member", "export": "csv", "pagina": 2}))
    assert as_csv[0][:4] == ["Naam", "Lidnummer", "Plaats", "Status"]
    assert [row[0] for row in as_csv[1:]] == listed and len(listed) == 40
    as_xlsx = xlsx_rows(client.get(url, {"status": "member", "export": "xlsx"}))
    assert as_xlsx[0][0] == "Naam" and [row[0] for row in as_xlsx[1:]] == listed
    assert as_xlsx[1][4] == dt.datetime(2015, 1, 1)  # "Lid sinds" as a date cell


def test_the_download_has_a_name_and_type(client, bea):
    client.force_login(bea)
    response = client.get(reverse("bureau:member_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="leden-' in response["Content-Disposition"]
    response = client.get(reverse("bureau:member_list"), {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_a_cell_that_would_run_as_a_formula_is_neutralised(client, bea):
    MemberFactory(name="=HYPERLINK(\"http://x\")", member_number="L-1")
    client.force_login(bea)
    rows = csv_rows(client.get(reverse("bureau:member_list"), {"export": "csv"}))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"


def test_an_unknown_format_shows_the_page(client, bea):
    client.force_login(bea)
    response = client.get(reverse("bureau:member_list"), {"export": "pdf"})
    assert response.status_code == 200 and "text/html" in response["Content-Type"]


def test_the_complaint_list_exports_without_the_complainants_personal_data(client, bea,
                                                                            member_x):
    """R-A2: the complaint register as a file has reference, dates and state, never the
    complainant's name, e-mail or phone."""
    complaint_about(member=member_x, received_on=dt.date(2026, 3, 2), reference="K-2026-0001")
    client.force_login(bea)
    response = client.get(reverse("bureau:complaint_list"), {"export": "csv"})
    text = content_of(response).decode()
    assert "K-2026-0001" in text and "Schuldhulp X" in text
    assert "Karel" not in text and "klager.example" not in text
    assert Complaint.objects.count() == 1


def test_the_audit_list_and_the_outbox_export_their_filtered_rows(client, bea, member_x,
                                                                  body_a):
    AuditFactory(member=member_x, body=body_a)
    Notification.objects.create(recipient_email="a@x.example", template="t", subject="Fout",
                                body_text="…", status=NotificationStatus.FAILED,
                                last_error="SMTP 451")
    Notification.objects.create(recipient_email="b@x.example", template="t", subject="Goed",
                                body_text="…", status=NotificationStatus.SENT)
    client.force_login(bea)
    audits = csv_rows(client.get(reverse("bureau:audit_list"), {"export": "csv"}))
    assert audits[0][0] == "Lid" and audits[1][0] == "Schuldhulp X" and len(audits) == 2
    outbox = csv_rows(client.get(reverse("bureau:outbox"), {"status": "failed",
                                                             "export": "csv"}))
    assert [row[2] for row in outbox[1:]] == ["Fout"] and "SMTP 451" in outbox[1]


def test_the_directors_decisions_export_with_who_decided_and_why(client, dirk, member_x):
    """R-0.3: the decision records as a file: when, kind, outcome, rule, member, who, role and
    the motivation."""
    decision_record(kind=DecisionKind.PAUSE, outcome="lidmaatschap gepauzeerd",
                    rule_id="R-M4", actor=dirk, role=Role.DIRECTOR, subject=member_x,
                    member=member_x, motivation="Op verzoek van het lid.")
    client.force_login(dirk)
    rows = xlsx_rows(client.get(reverse("director:decisions"), {"export": "xlsx"}))
    assert rows[0][:4] == ("Besloten op", "Soort", "Uitkomst", "Regel")
    assert rows[1][2:4] == ("lidmaatschap gepauzeerd", "R-M4")
    assert "Op verzoek van het lid." in rows[1]
    members = csv_rows(client.get(reverse("director:members"), {"export": "csv"}))
    assert members[1][0] == "Schuldhulp X"


def test_the_download_is_the_pages_own_access(client, xena, anna):
    """Another role gets the page's 403, not a file."""
    for user in (xena.user, anna.user):
        client.force_login(user)
        assert client.get(reverse("bureau:member_list"),
                          {"export": "csv"}).status_code == 403
        assert client.get(reverse("director:decisions"), {"export": "csv"}).status_code == 403
