"""The import of the existing register (issue #12, "Import"): every error with row, column and
Dutch reason and nothing written; the corrected file imports, a second time changes nothing;
the imported members show identically in the register, the API and the open data; imported
certificates keep R-Z2 and R-Z3 and carry an import decision (R-0.3) and history (R-0.4)."""

import csv
import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from api.imports import engine
from api.imports.reader import FileError, ImportFile
from audits.models import Audit, Auditor, CertificationBody
from bench.import_data import BODY, member_number, rows_for, write_workbook
from certificates.models import Certificate, CertificateState
from core.models import Decision, DecisionKind
from members.models import Contact, Member
from tests.portals.member_helpers import TODAY, travel

pytestmark = pytest.mark.django_db


def counts():
    return (Member.objects.count(), Contact.objects.count(), Certificate.objects.count(),
            Audit.objects.count(), CertificationBody.objects.count(), Auditor.objects.count(),
            Decision.objects.count(), Member.history.count(), Certificate.history.count())


def run(path, actor, **kwargs):
    with travel():
        return engine.run(ImportFile(path), actor=actor, today=TODAY, **kwargs)


def broken_rows():
    """500 members with their contacts, audits and certificates (2,052 rows) and a dozen
    kinds of error; returns the rows and the errors expected as (sheet, row, column)."""
    rows = rows_for(500, today=TODAY)
    members, contacts, certificates = rows["members"], rows["contacts"], rows["certificates"]
    expected = set()
    rows["bodies"][0][3] = "misschien"
    expected.add(("Certificerende instellingen", 2, "Erkend"))
    members.append(list(members[3]))  # member 4 twice
    expected.add(("Leden", len(members) + 1, "Lidnummer"))
    members[9][4] = "1, 23"
    expected.add(("Leden", 11, "Scope (bijlage 1)"))
    members[10][6] = "31-02-2026"
    expected.add(("Leden", 12, "Lid sinds"))
    members[11][3] = "geen website"
    expected.add(("Leden", 13, "Website"))
    members[12][1] = None
    expected.add(("Leden", 14, "Naam"))
    members[13][5] = "Geschorst"
    expected.add(("Leden", 15, "Status"))
    contacts[20][2] = "carla-at-example"
    expected.add(("Contactpersonen", 22, "E-mail"))
    contacts.append(["M999999", "Niemand", "niemand@example.org", None, None, "nee"])
    expected.add(("Contactpersonen", len(contacts) + 1, "Lidnummer"))
    rows["audits"][30][1] = "Keuring"
    expected.add(("Audits", 32, "Soort"))
    first = next(i for i, c in enumerate(certificates) if c[1] == member_number(41))
    certificates[first][3] = certificates[first][3] + dt.timedelta(days=1)
    expected.add(("Certificaten", first + 2, "Geldig tot en met"))
    second = next(i for i, c in enumerate(certificates) if c[1] == member_number(42))
    certificates[second][4] = "Onbekende CI"
    expected.add(("Certificaten", second + 2, "Certificerende instelling"))
    third = next(i for i, c in enumerate(certificates) if c[1] == member_number(43))
    certificates[third][6] = certificates[third][2] - dt.timedelta(days=200)
    expected.add(("Certificaten", third + 2, "Auditdatum"))
    overlap = list(certificates[third + 1])  # member 44's certificate, a second time shifted
    overlap[0] = "NVVK-OVERLAP"
    overlap[2] = overlap[2] + dt.timedelta(days=30)
    overlap[3] = overlap[3] + dt.timedelta(days=30)
    overlap[5] = overlap[6] = None
    certificates.append(overlap)
    expected.add(("Certificaten", len(certificates) + 1, "Geldig vanaf"))
    return rows, expected


def test_a_2000_row_workbook_with_a_dozen_kinds_of_error_gives_exactly_those_and_writes_nothing(
        tmp_path, bea):
    """Issue #12: each bad row is a row-level error (row, column, Dutch reason); nothing is
    stored (all or nothing); R-Z2 validity and R-Z3 overlap/audit date among them."""
    rows, expected = broken_rows()
    assert sum(len(r) for r in rows.values()) >= 2000
    path = tmp_path / "register.xlsx"
    write_workbook(path, rows)
    before = counts()
    report = run(path, bea, write=True)
    assert not report.written
    assert {(e.sheet, e.row, e.column) for e in report.errors} == expected
    assert len(report.errors) == len(expected) == 14
    assert all(e.message for e in report.errors)
    messages = " ".join(e.message for e in report.errors)
    assert "geen bestaande datum" in messages and "R-Z3: overlapt met certificaat" in messages
    assert "Scope-onderdeel 23 bestaat niet" in messages and "R-Z2" in messages
    assert counts() == before


def test_the_corrected_file_imports_and_a_second_import_changes_nothing(tmp_path, bea):
    """Issue #12: idempotent by member and certificate number; R-0.4 history names the file
    and the user; R-0.3 an import decision per certificate; R-Z3 renewals linked."""
    path = tmp_path / "register.xlsx"
    write_workbook(path, rows_for(120, today=TODAY))
    report = run(path, bea, write=True)
    assert report.written and report.ok
    assert Member.objects.count() == 120 and Contact.objects.count() == 120
    assert Certificate.objects.count() == 132
    member = Member.objects.get(member_number=member_number(7))
    assert member.state == "member" and sorted(s.number for s in member.scope.all()) == [1, 2]
    assert member.website == "https://www.lid7.example"
    reason = member.history.first().history_change_reason
    assert "Geïmporteerd uit bestand %(file)s door %(user)s" in reason
    assert "register.xlsx" in reason and "Bea Bureau" in reason
    assert member.history.first().history_user == bea
    assert Decision.objects.filter(kind=DecisionKind.IMPORT).count() == 132
    renewal = Certificate.objects.get(number="NVVK-000010")
    assert renewal.previous.number == "OUD-000010"
    assert renewal.previous.state == CertificateState.SUPERSEDED
    assert renewal.state == CertificateState.VALID
    assert renewal.audit.fieldwork_starts_on is not None
    assert Audit.objects.count() == 120 + 12  # the listed audits are reused by the certificates
    before = counts()
    again = run(path, bea, write=True)
    assert again.written and counts() == before
    assert all(set(c) == {"same"} for c in again.counts.values())


def test_a_changed_row_is_shown_and_written_with_history(tmp_path, bea):
    rows = rows_for(3, today=TODAY)
    path = tmp_path / "register.xlsx"
    write_workbook(path, rows)
    run(path, bea, write=True)
    rows["members"][0][2] = "Nieuwstad"
    write_workbook(path, rows)
    report = run(path, bea)
    assert [(r.key, r.action, r.changes) for r in report.rows if r.action != "same"] == [
        (member_number(1), "change", ["plaats"])]
    run(path, bea, write=True)
    member = Member.objects.get(member_number=member_number(1))
    assert member.city == "Nieuwstad" and member.history.count() == 2


def test_imported_members_appear_identically_in_register_api_and_open_data(tmp_path, bea,
                                                                          client):
    path = tmp_path / "register.xlsx"
    write_workbook(path, rows_for(12, today=TODAY))
    run(path, bea, write=True)
    with travel():
        page = [e.member.name for e in client.get("/register/").context["entries"]]
        api = client.get("/api/v1/members/?page_size=100").json()["results"]
        data = client.get("/register/open-data/ledenregister.json").json()["records"]
        text = client.get("/register/open-data/ledenregister.csv").content.decode()[1:]
    assert sorted(page) == sorted(f"Schuldhulp {i}" for i in range(1, 13))
    assert [r["certified_entity_name"] for r in api] == page
    assert data == api
    assert [r["certified_entity_name"] for r in csv.DictReader(text.splitlines())] == page
    assert {r["certification_status"] for r in api} == {"valid"}


def test_csv_in_windows_1252_with_semicolons_and_other_headers_through_a_mapping(tmp_path,
                                                                                 bea):
    """Issue #12: encoding detection (UTF-8 or Windows-1252) and the column mapping."""
    path = tmp_path / "leden.csv"
    path.write_bytes("Lid nr;Organisatie;Woonplaats\nM000001;Schuldhulp Zuidoost;Ôss\n"
                     .encode("cp1252"))
    import_file = ImportFile(path)
    assert import_file.encoding == "cp1252"
    report = run(path, bea, write=True)
    assert report.missing_columns == {"members": ["city"]}
    assert not Member.objects.exists()
    report = run(path, bea, write=True, mapping={"members": {"city": "Woonplaats"}})
    assert report.written
    assert Member.objects.get(member_number="M000001").city == "Ôss"


@pytest.mark.parametrize("name, content", [
    ("register.xlsx", b"dit is geen werkmap"),
    ("leden.csv", b"Lidnummer;Naam\n\x81\x8d\x8f\x90\x9d\n"),
    ("leden.pdf", b"%PDF-1.4"),
])
def test_a_malformed_file_is_a_clear_error(tmp_path, bea, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileError):
        run(path, bea, write=True)
    assert not Member.objects.exists()


def test_the_command_dry_run_writes_nothing_and_the_real_run_imports(tmp_path, bea, capsys):
    path = tmp_path / "register.xlsx"
    write_workbook(path, rows_for(5, today=TODAY))
    with travel():
        call_command("import_register", str(path), "--dry-run", "--user", bea.email)
        assert not Member.objects.exists()
        call_command("import_register", str(path), "--user", bea.email)
    assert Member.objects.count() == 5
    assert "Leden: 5 nieuw" in capsys.readouterr().out


def test_the_command_lists_errors_and_fails(tmp_path, bea, capsys):
    rows = rows_for(2, today=TODAY)
    rows["members"][0][6] = "31-02-2026"
    path = tmp_path / "register.xlsx"
    write_workbook(path, rows)
    with travel(), pytest.raises(CommandError):
        call_command("import_register", str(path), "--user", bea.email)
    assert "Leden rij 2, Lid sinds: ‘31-02-2026’ is geen bestaande datum." in \
        capsys.readouterr().err
    assert not Member.objects.exists()


# -- the bureau's pages ------------------------------------------------------------------

def test_the_template_has_the_dutch_headers(client, bea):
    from openpyxl import load_workbook
    client.force_login(bea)
    response = client.get(reverse("bureau:import_template"))
    assert response.status_code == 200
    path = response.content
    import io
    workbook = load_workbook(io.BytesIO(path), read_only=True)
    assert workbook.sheetnames == ["Certificerende instellingen", "Auditoren", "Leden",
                                   "Contactpersonen", "Audits", "Certificaten"]
    headers = next(workbook["Leden"].iter_rows(max_row=1, values_only=True))
    assert headers[:3] == ("Lidnummer *", "Naam *", "Plaats *")


def test_upload_preview_confirm(client, bea, tmp_path):
    rows = rows_for(4, today=TODAY)
    path = tmp_path / "register.xlsx"
    write_workbook(path, rows)
    client.force_login(bea)
    with travel():
        with open(path, "rb") as handle:
            response = client.post(reverse("bureau:import_start"), {"file": handle})
        assert response.status_code == 302
        assert response.url == reverse("bureau:import_preview")
        preview = client.get(response.url)
        assert preview.status_code == 200 and "18 rijen importeren" in preview.content.decode()
        assert not Member.objects.exists()
        response = client.post(reverse("bureau:import_confirm"))
        assert response.url == reverse("bureau:import_result")
        done = client.get(response.url)
    assert done.status_code == 200 and "Import voltooid" in done.content.decode()
    assert Member.objects.count() == 4


def test_upload_with_errors_shows_them_and_cannot_be_confirmed(client, bea, tmp_path):
    rows = rows_for(2, today=TODAY)
    rows["members"][1][4] = "99"
    path = tmp_path / "register.xlsx"
    write_workbook(path, rows)
    client.force_login(bea)
    with travel():
        with open(path, "rb") as handle:
            client.post(reverse("bureau:import_start"), {"file": handle})
        preview = client.get(reverse("bureau:import_preview")).content.decode()
        assert "Scope-onderdeel 99 bestaat niet" in preview
        assert reverse("bureau:import_confirm") not in preview
        response = client.get(client.post(reverse("bureau:import_confirm")).url)
    assert response.status_code == 400
    assert not Member.objects.exists()


def test_a_csv_with_other_headers_goes_through_the_mapping_step(client, bea, tmp_path):
    path = tmp_path / "leden.csv"
    path.write_text("Lid nr,Organisatie,Woonplaats\nM000001,Schuldhulp Oost,Oss\n",
                    encoding="utf-8-sig")
    client.force_login(bea)
    with travel():
        with open(path, "rb") as handle:
            response = client.post(reverse("bureau:import_start"), {"file": handle})
        assert response.url == reverse("bureau:import_mapping")
        page = client.get(response.url)
        assert page.status_code == 200 and "Woonplaats" in page.content.decode()
        response = client.post(reverse("bureau:import_mapping"), {
            "members__member_number": "Lid nr", "members__name": "Organisatie",
            "members__city": "Woonplaats"})
        assert response.url == reverse("bureau:import_preview")
        assert "1 rij importeren" in client.get(response.url).content.decode()
        client.post(reverse("bureau:import_confirm"))
    assert Member.objects.get(member_number="M000001").city == "Oss"


def test_a_malformed_upload_is_a_form_error_not_a_500(client, bea, tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"kapot")
    client.force_login(bea)
    with open(path, "rb") as handle:
        response = client.post(reverse("bureau:import_start"), {"file": handle})
    assert response.status_code == 400
    assert "geen geldig Excel-bestand" in response.content.decode()


# -- against what is already stored ------------------------------------------------------

def test_r_z3_a_file_renewal_of_a_stored_certificate_is_linked_and_supersedes_it(tmp_path,
                                                                                 bea):
    """R-Z3: a certificate starting the day after a stored one ends is its renewal."""
    from tests.factories import CertificateFactory, CertificationBodyFactory, MemberFactory
    body = CertificationBodyFactory(name=BODY)
    member = MemberFactory(member_number="M777777", name="Schuldhulp Noord", city="Groningen",
                           state="member")
    stored = CertificateFactory(member=member, body=body, number="NVVK-2023-0001",
                                valid_from=dt.date(2023, 4, 1),
                                valid_until=dt.date(2026, 3, 31))
    path = tmp_path / "register.xlsx"
    write_workbook(path, {"certificates": [["NVVK-2026-0100", "M777777", dt.date(2026, 4, 1),
                                            dt.date(2029, 3, 31), BODY, None, None, None]]})
    report = run(path, bea, write=True)
    assert report.written, report.errors
    renewal = Certificate.objects.get(number="NVVK-2026-0100")
    stored.refresh_from_db()
    assert renewal.previous == stored and stored.state == CertificateState.SUPERSEDED


def test_r_z3_a_file_certificate_overlapping_a_stored_one_is_an_error(tmp_path, bea):
    """R-Z3: no overlap with a certificate already in the register."""
    from tests.factories import CertificateFactory, CertificationBodyFactory, MemberFactory
    body = CertificationBodyFactory(name=BODY)
    member = MemberFactory(member_number="M777777", state="member")
    CertificateFactory(member=member, body=body, number="NVVK-2023-0001",
                       valid_from=dt.date(2023, 4, 1), valid_until=dt.date(2026, 3, 31))
    path = tmp_path / "register.xlsx"
    write_workbook(path, {"certificates": [["NVVK-2025-0100", "M777777", dt.date(2025, 4, 1),
                                            dt.date(2028, 3, 31), BODY, None, None, None]]})
    report = run(path, bea, write=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "Geldig vanaf",
         "R-Z3: overlapt met certificaat NVVK-2023-0001 (al in het register).")]
    assert not Certificate.objects.filter(number="NVVK-2025-0100").exists()


def test_a_stored_certificate_with_other_dates_and_another_state_are_errors(tmp_path, bea):
    """R-0.3: a decision taken is not changed by an import; a member's state changes only
    through its procedure."""
    from tests.factories import CertificateFactory, CertificationBodyFactory, MemberFactory
    body = CertificationBodyFactory(name=BODY)
    member = MemberFactory(member_number="M777777", state="member")
    CertificateFactory(member=member, body=body, number="NVVK-2023-0001",
                       valid_from=dt.date(2023, 4, 1), valid_until=dt.date(2026, 3, 31))
    path = tmp_path / "register.xlsx"
    write_workbook(path, {
        "members": [["M777777", member.name, member.city, None, None, "Opgezegd", None]],
        "certificates": [["NVVK-2023-0001", "M777777", dt.date(2023, 5, 1),
                          dt.date(2026, 4, 30), BODY, None, None, None]]})
    report = run(path, bea, write=True)
    assert [(e.sheet, e.column) for e in report.errors] == [
        ("Leden", "Status"), ("Certificaten", "Certificaatnummer")]
    assert "geldig vanaf, geldig tot en met" in report.errors[1].message


def test_member_numbers_typed_as_numbers_in_excel_are_matched(tmp_path, bea):
    rows = {"members": [[1001, "Schuldhulp West", "Leiden", None, None, None, None]]}
    path = tmp_path / "register.xlsx"
    write_workbook(path, rows)
    assert run(path, bea, write=True).written
    again = run(path, bea, write=True)
    assert again.written and dict(again.counts["members"]) == {"same": 1}
    assert Member.objects.get().member_number == "1001"


def test_a_workbook_without_known_sheets_is_a_clear_error(tmp_path, bea):
    from openpyxl import Workbook
    workbook = Workbook()
    workbook.active.title = "Blad1"
    workbook.save(tmp_path / "x.xlsx")
    with pytest.raises(FileError, match="geen tabblad met een bekende naam"):
        run(tmp_path / "x.xlsx", bea)


def test_the_page_shows_the_progress_of_a_running_job(client, bea, tmp_path):
    """Issue #12: a large file runs in the worker; the page shows the sheet and the rows done
    and reloads itself until the job is done."""
    from api.imports import jobs

    path = tmp_path / "register.xlsx"
    write_workbook(path, rows_for(2, today=TODAY))
    client.force_login(bea)
    with travel():
        with open(path, "rb") as handle:
            client.post(reverse("bureau:import_start"), {"file": handle})
        job_id = client.session["register_import"]["check_job"]
        state = jobs.job_state(job_id)
        state.update(status=jobs.RUNNING, sheet="Leden", done=5000)
        jobs._save(job_id, state)
        page = client.get(reverse("bureau:import_preview")).content.decode()
    assert "tabblad Leden, 5000 rijen verwerkt" in page
    assert '<meta http-equiv="refresh" content="2">' in page
