"""Document downloads in the access matrix (issue #8, SPEC §1, R-A1): every kind of document
× every persona, through ``/documenten/<pk>/`` — the same policy the portal pages list by
(:func:`core.documents.documents_for`)."""

import pytest
from django.urls import reverse

from audits.models import AuditState
from core.documents import documents_for
from tests.access.documents import DOCUMENT_ENTRIES, DOCUMENT_PERSONAS
from tests.factories import AuditFactory, AuditorFactory, CertificationBodyFactory


@pytest.fixture
def document_world(world):
    """The matrix world with a deactivated auditor of CI A (``dora``) and an auditor of CI L,
    which member X chose for its next audit, now in preparation (``lars``, R-C2)."""
    dora = AuditorFactory(body=world.body_a, name="Dora Gestopt", email="dora@alfa.example",
                          active=False)
    body_l = CertificationBodyFactory(name="CI Later B.V.")
    lars = AuditorFactory(body=body_l, name="Lars Later", email="lars@later.example")
    AuditFactory(member=world.member_x, body=body_l, state=AuditState.PREPARATION,
                 lead_auditor=lars)
    world.users.update({"dora": dora.user, "lars": lars.user})
    return world


@pytest.mark.parametrize("kind", sorted(DOCUMENT_ENTRIES))
@pytest.mark.parametrize("persona", DOCUMENT_PERSONAS)
def test_document_download_per_kind_and_persona_r_a1(client, document_world, persona, kind):
    """R-A1 (issue #8): 200 for whoever may open the document, 404 for every other logged-in
    persona (also the deactivated auditor and the body that audits the member later), the
    login page for anonymous; and the portal pages' list (``documents_for``) agrees."""
    entry = DOCUMENT_ENTRIES[kind]
    document = entry.make(document_world)
    url = reverse("document_download", kwargs={"pk": document.pk})
    if persona == "anonymous":
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"]
        return
    user = document_world.users[persona]
    client.force_login(user)
    response = client.get(url)
    expected = 200 if persona in entry.allowed else 404
    assert response.status_code == expected, (persona, kind, entry.why)
    listed = documents_for(user=user).filter(pk=document.pk).exists()
    assert listed == (persona in entry.allowed), (persona, kind, "documents_for")
