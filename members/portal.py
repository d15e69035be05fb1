"""The member portal's access rule (SPEC §1, R-A1): a member contact sees only its own
organisation. Every member-portal view is wrapped in :func:`member_portal_view`, which checks the
role (``core.access.portal_view("member")``) and puts the contact's member on
``request.member``; objects are then fetched from querysets filtered by that member through
:func:`member_object_or_404` (another member's object → 404, logged)."""

import functools

from django.shortcuts import render

from core.access import get_for_user_or_404, portal_view

from .selectors import member_of_contact


def member_portal_view(view):
    """Decorate a member-portal view: login and role as ``portal_view("member")``; then the one
    member whose contact the user is becomes ``request.member``. A member-contact login not
    (yet) linked to a member gets a 403 page that says so."""

    @portal_view("member")
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        member = member_of_contact(user=request.user)
        if member is None:
            return render(request, "members/member/no_member.html", status=403)
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper


def member_object_or_404(queryset, request, **lookup):
    """One object of ``queryset`` restricted to ``request.member`` (by ``member_path``, default
    ``member``); anything else is a logged 404 (R-A1)."""
    member_path = lookup.pop("member_path", "member")
    return get_for_user_or_404(queryset.filter(**{member_path: request.member}), request,
                               **lookup)
