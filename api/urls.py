"""URLs of the public API (issue #12): ``/api/`` documents it, ``/api/v1/`` serves it."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from .views import docs, v1

app_name = "api"


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema (YAML, or JSON with ``?format=json``), open to any origin."""

    authentication_classes: list = []

    def finalize_response(self, request, response, *args, **kwargs):
        return v1.cors(super().finalize_response(request, response, *args, **kwargs))


urlpatterns = [
    path("", docs.api_docs, name="docs"),
    path("v1/schema/", SchemaView.as_view(api_version="v1"), name="schema"),
    path("v1/members/", v1.MemberList.as_view(), name="members"),
    path("v1/members/<int:pk>/", v1.MemberDetail.as_view(), name="member_detail"),
    path("v1/certificates/<str:number>/", v1.CertificateVerify.as_view(), name="certificate"),
    path("v1/certification-bodies/", v1.CertificationBodyList.as_view(),
         name="certification_bodies"),
]
