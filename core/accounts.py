"""Accounts of every person (issue #8): invitations, their status, deactivation, and the
bureau's reset of a second factor. Each is a service: atomic, the user row locked, a history row
naming the acting user and why (R-0.4); the invitation e-mail leaves after the commit.

An invitation is a single-use link that expires after ``PASSWORD_RESET_TIMEOUT`` (three days):
its token is bound to the password (so it stops working once a password is set), to
``User.invited_at`` (so a new invitation makes every earlier link invalid) and to
``is_active``. Its generator has a salt of its own, so a password-reset token is no invitation
and an invitation no password reset.

Who invites whom: the bureau invites bureau staff, the director, board and quality-team members
(:func:`staff_invite`) and re-invites anyone (:func:`user_invite`); member contacts and auditors
are invited by the apps that own them (``members.services.contact_invite``,
``audits.services.auditor_invite``), through :func:`user_invite`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import RuleViolation
from .history import save_with_history
from .messages import choice, stored
from .models import Role, User, UserRole
from .rules import require_text

log = logging.getLogger(__name__)

#: The roles the bureau invites from its people page; auditors and member contacts are invited
#: from the auditor's page and the member's contacts.
STAFF_ROLES = (Role.BUREAU, Role.DIRECTOR, Role.BOARD, Role.QUALITY_TEAM)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Single-use, expiring invitation tokens (see the module docstring)."""

    key_salt = "core.accounts.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        invited = "" if user.invited_at is None else user.invited_at.isoformat()
        return f"{user.pk}{user.password}{invited}{user.is_active}{timestamp}{user.email}"


invitation_token = InvitationTokenGenerator()


def invitation_url(user: User, *, url_name: str = "invitation") -> str:
    """The absolute link where ``user`` sets a password (``url_name`` takes ``uidb64`` and
    ``token``)."""
    path = reverse(url_name, kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                     "token": invitation_token.make_token(user)})
    return f"{settings.SITE_URL}{path}"


class PersonStatus(models.TextChoices):
    INVITED = "invited", gettext_lazy("Uitgenodigd")
    ACTIVE = "active", gettext_lazy("Actief")
    NEVER_LOGGED_IN = "never_logged_in", gettext_lazy("Nooit ingelogd")
    DEACTIVATED = "deactivated", gettext_lazy("Gedeactiveerd")


def person_status(user: User) -> PersonStatus:
    """What the bureau sees per person: deactivated; invited (a link is out and no password
    set yet); active (has logged in); never logged in (a password but no login yet)."""
    if not user.is_active:
        return PersonStatus.DEACTIVATED
    if user.last_login is not None:
        return PersonStatus.ACTIVE
    if user.invited_at is not None and not user.has_usable_password():
        return PersonStatus.INVITED
    return PersonStatus.NEVER_LOGGED_IN


def _require_bureau(actor, *, what: str) -> None:
    if actor is None or not actor.has_role(Role.BUREAU):
        raise RuleViolation(
            "R-A1", _("Alleen het Verenigingsbureau mag %(what)s.") % {"what": what})


def _lock(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _send_invitation(user_pk: int, url: str, inviter_name: str) -> None:
    """Sent straight to the mail server, not through the outbox: the message carries a link
    that sets a password, and the outbox (``notifications.Notification``) is readable by the
    bureau. A failed send is logged; the bureau re-invites from the people page."""
    user = User.objects.get(pk=user_pk)
    context = {"user": user, "invitation_url": url, "inviter": inviter_name,
               "recipient_name": user.get_full_name(), "site_url": settings.SITE_URL,
               "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string("emails/account-invitation-subject.txt", context).split())
        body = render_to_string("emails/account-invitation-body.txt", context)
        html = render_to_string("emails/account-invitation-body.html", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def user_invite(*, user: User, actor, url_name: str = "invitation",
                reason: str = "uitnodiging verstuurd") -> User:
    """(Re-)invite ``user``: a new ``invited_at`` makes every earlier link invalid, and the
    e-mail with the new link leaves after the commit. The caller checks who may invite whom
    (the bureau anyone; a member's main contact its own organisation's contacts)."""
    with transaction.atomic():
        user = _lock(user)
        if not user.is_active:
            raise RuleViolation("R-A1", _("Een gedeactiveerd account kan niet worden "
                                          "uitgenodigd; activeer het eerst."))
        user.invited_at = timezone.now()
        save_with_history(user, actor=actor, reason=reason)
        url = invitation_url(user, url_name=url_name)
        inviter = actor.get_full_name() if actor is not None else ""
        transaction.on_commit(lambda: _send_invitation(user.pk, url, inviter), robust=True)
    return user


def account_for(*, email: str, full_name: str, role: str, actor) -> tuple[User, bool]:
    """The account with ``email`` holding ``role``: an existing one gets the role, else a new
    one without a usable password is made. Returns ``(user, created)``."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise RuleViolation("R-A1", _("Het e-mailadres is ongeldig.")) from None
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, full_name=(full_name or "").strip())
        user.set_unusable_password()
        save_with_history(user, actor=actor, reason=stored("account aangemaakt voor een uitnodiging"))
    if not UserRole.objects.filter(user=user, role=role).exists():
        save_with_history(UserRole(user=user, role=role), actor=actor,
                          reason=stored("rol toegekend bij uitnodiging"))
    return user, created


@transaction.atomic
def staff_invite(*, email: str, full_name: str, role: str, actor) -> User:
    """The bureau invites bureau staff, the director, a board or quality-team member: the
    account (new, or an existing one that gets the role) and the invitation e-mail."""
    _require_bureau(actor, what=_("medewerkers, de directeur, bestuur en kernteam uitnodigen"))
    if role not in STAFF_ROLES:
        raise RuleViolation("R-A1", _("Kies een rol van het bureau, de directeur, het bestuur "
                                      "of het kernteam."))
    full_name = require_text(full_name, rule_id="R-A1", message=_("De naam ontbreekt."))
    user, _created = account_for(email=email, full_name=full_name, role=role, actor=actor)
    return user_invite(user=user, actor=actor, reason=stored("uitgenodigd als %(role)s", role=choice(Role, role, lower=True)))


def user_reinvite(*, user: User, actor) -> User:
    """The bureau sends a new invitation; the previous link stops working."""
    _require_bureau(actor, what=_("opnieuw uitnodigen"))
    url_name = "invitation"
    if user.role_set == {Role.MEMBER_CONTACT}:
        url_name = "member:invitation"
    return user_invite(user=user, actor=actor, url_name=url_name,
                       reason=stored("opnieuw uitgenodigd"))


def end_sessions(user: User) -> int:
    """Log ``user`` out everywhere: delete every session that holds this login."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, user: User, actor) -> User:
    """The bureau deactivates a person: no login, its sessions end at once and its calendar
    feed URL stops working (a new token; ``core.calendar`` serves active users only)."""
    _require_bureau(actor, what=_("accounts deactiveren"))
    if actor.pk == user.pk:
        raise RuleViolation("R-A1", _("U kunt uw eigen account niet deactiveren."))
    user = _lock(user)
    user.is_active = False
    user.calendar_token = User._meta.get_field("calendar_token").default()
    save_with_history(user, actor=actor, reason=stored("account gedeactiveerd"))
    end_sessions(user)
    return user


@transaction.atomic
def user_reactivate(*, user: User, actor) -> User:
    """The bureau reactivates a person; the old password works again (or an invitation
    follows)."""
    _require_bureau(actor, what=_("accounts activeren"))
    user = _lock(user)
    user.is_active = True
    return save_with_history(user, actor=actor, reason=stored("account opnieuw geactiveerd"))


@transaction.atomic
def user_second_factor_reset(*, user: User, actor) -> User:
    """The bureau resets a person's second factor (a lost phone): every authenticator app,
    passkey and recovery code is removed and the person's sessions end; at the next login a
    person who needs a second factor enrols again (core.mfa). Recorded in the history."""
    from allauth.mfa.models import Authenticator

    _require_bureau(actor, what=_("een tweede factor herstellen"))
    user = _lock(user)
    removed, _detail = Authenticator.objects.filter(user=user).delete()
    save_with_history(user, actor=actor,
                      reason=stored("tweede factor hersteld (%(removed)s verwijderd)", removed=removed))
    end_sessions(user)
    return user
