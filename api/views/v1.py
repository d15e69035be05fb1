"""The public API, version 1 (issue #12): read-only, anonymous, the same for everyone (a login
is ignored: no authentication class), JSON (and Django REST framework's browsable HTML when a
browser asks for it). Every answer holds public fields only (R-A2).

* ``members/`` and ``members/{id}/``: the members the public register lists (R-N2), with the
  register page's filters (``q``, ``scope``, ``ci``, ``sort``: one reading,
  ``overview.filters.register_search``), paged (``page``, ``page_size``).
* ``certificates/{number}/``: the verification of a certificate number (R-Z7), by the same
  selector as the verification page (``overview.selectors.certificate_verification``).
* ``certification-bodies/``: the certification bodies.

Caching: the lists (members, bodies) and the open-data files are kept ``API_CACHE_SECONDS`` (60 s) in Django's cache,
per query, language and day — a withdrawal or suspension may show up to that long later there.
The verification is never cached (``Cache-Control: no-store``): a withdrawn or suspended
certificate is never reported valid. Rate limit per client address
(:class:`api.throttling.ClientAddressThrottle`); CORS open for GET (``Access-Control-Allow-
Origin: *``, no credentials).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audits.models import CertificationBody
from core import dates
from overview.filters import register_search
from overview.selectors import certificate_verification, register_entries, register_members

from ..records import register_record
from ..serializers import (
    CertificationBodySerializer,
    InvalidFilterSerializer,
    RegisterMemberSerializer,
    VerificationSerializer,
)
from ..throttling import ClientAddressThrottle

#: Request methods a cross-origin page may use.
CORS_METHODS = "GET, HEAD, OPTIONS"


def cors(response):
    """CORS open for reading: any origin, no credentials (the API has no login), so a simple
    GET needs no preflight; one header is all it takes, no library."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = CORS_METHODS
    return response


class Pagination(PageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=N`` (at most 100), 25 by default like the register
    page; a page past the end is 404."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class PublicView(APIView):
    """Anonymous, read-only, rate-limited, CORS-open."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientAddressThrottle]
    http_method_names = ["get", "head", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        return cors(super().finalize_response(request, response, *args, **kwargs))


#: The query parameters the cached views read (the register's filters and the pages).
CACHE_KEY_PARAMETERS = frozenset({"q", "scope", "ci", "sort", "page", "page_size"})


def cached(request, view: str, build):
    """``build()`` kept ``API_CACHE_SECONDS`` per view, host, query, language and day (a list
    changes with the date: a certificate expires at midnight)."""
    seconds = settings.API_CACHE_SECONDS
    if seconds <= 0:
        return build()
    # Only the parameters the views read: other parameters change nothing, and must not
    # fill the cache with copies.
    query = urlencode(sorted((name, values) for name, values in request.GET.lists()
                             if name in CACHE_KEY_PARAMETERS), doseq=True)
    # The host too: the answer holds absolute links (next page, register_url).
    digest = hashlib.sha256(f"{request.get_host()}?{query}".encode()).hexdigest()[:32]
    key = f"api:v1:{view}:{dates.today().isoformat()}:{get_language()}:{digest}"
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, seconds)
    return data


def public_cache(response):
    if settings.API_CACHE_SECONDS > 0 and response.status_code == 200:
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
    return response


REGISTER_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR,
                     description="Search: name, place or certificate number (as the register "
                                 "page's search)."),
    OpenApiParameter("scope", OpenApiTypes.INT,
                     description="Only members with this scope item (its number, 1-22)."),
    OpenApiParameter("ci", OpenApiTypes.INT,
                     description="Only members whose shown certificate is from this "
                                 "certification body (its id, /api/v1/certification-bodies/)."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=["name", "place", "valid_until"],
                     description="Order: by name (default), by place, or by the end of the "
                                 "valid certificate (members without one last)."),
]


class MemberList(PublicView):
    """The members the public register lists, with their certificate status and scope."""

    pagination_class = Pagination

    @extend_schema(operation_id="members_list", parameters=REGISTER_PARAMETERS,
                   responses={200: RegisterMemberSerializer(many=True),
                              400: OpenApiResponse(InvalidFilterSerializer,
                                                   description="An invalid filter value.")})
    def get(self, request):
        today = dates.today()
        form, members = register_search(request.query_params, today=today)
        if form.errors:
            return Response({"errors": form.errors}, status=status.HTTP_400_BAD_REQUEST)

        def build():
            paginator = self.pagination_class()
            page = paginator.paginate_queryset(members, request, view=self)
            records = [register_record(entry, request=request)
                       for entry in register_entries(page, today=today)]
            return paginator.get_paginated_response(
                RegisterMemberSerializer(records, many=True).data).data

        return public_cache(Response(cached(request, "members", build)))


class MemberDetail(PublicView):
    """One member as the register lists it; 404 for a member the register does not list."""

    @extend_schema(operation_id="members_retrieve",
                   responses={200: RegisterMemberSerializer, 404: OpenApiResponse(
                       description="Not in the register.")})
    def get(self, request, pk):
        today = dates.today()
        member = register_members(today=today).filter(pk=pk).first()
        if member is None:
            raise Http404
        entry = register_entries([member], today=today)[0]
        return Response(RegisterMemberSerializer(register_record(entry, request=request)).data)


class CertificateVerify(PublicView):
    """Verify a certificate by its number: valid, not yet valid, expired, withdrawn, suspended
    (a published suspension of the membership) or unknown (404), with its dates. Never
    cached: a withdrawal or suspension shows at once."""

    @extend_schema(operation_id="certificates_verify",
                   responses={200: VerificationSerializer,
                              404: OpenApiResponse(VerificationSerializer,
                                                   description="Unknown certificate number "
                                                               "(certification_status "
                                                               "\"unknown\").")})
    def get(self, request, number):
        today = dates.today()
        verification = certificate_verification(number=number, token=None, today=today)
        certificate = verification.certificate
        member = certificate.member if certificate else None
        listed = (certificate is not None
                  and register_members(today=today).filter(pk=certificate.member_id).exists())
        data = VerificationSerializer({
            "certification_number": certificate.number if certificate else number.strip(),
            "certification_status": verification.code,
            "certification_status_label": verification.label,
            "certification_valid_from": certificate.valid_from if certificate else None,
            "certification_valid_until": certificate.valid_until if certificate else None,
            "certification_withdrawn_on": certificate.withdrawn_on if certificate else None,
            "certified_entity_name": member.name if member else None,
            "certified_entity_city": member.city if member else None,
            "certification_body_name": certificate.body.name if certificate else None,
            "certification_scope": list(certificate.scope.all()) if certificate else [],
            "register_id": member.pk if listed else None,
            "verified_on": today,
        }).data
        found = verification.code != verification.UNKNOWN
        response = Response(data, status=status.HTTP_200_OK if found
                            else status.HTTP_404_NOT_FOUND)
        patch_cache_control(response, no_store=True)
        return response


class CertificationBodyList(PublicView):
    """The certification bodies: name, place, website, recognition and accreditation."""

    pagination_class = Pagination

    @extend_schema(operation_id="certification_bodies_list",
                   responses={200: CertificationBodySerializer(many=True)})
    def get(self, request):
        def build():
            paginator = self.pagination_class()
            page = paginator.paginate_queryset(
                CertificationBody.objects.order_by("name", "pk"), request, view=self)
            return paginator.get_paginated_response(
                CertificationBodySerializer(page, many=True).data).data

        return public_cache(Response(cached(request, "bodies", build)))
