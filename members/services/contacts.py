"""A member's contact persons: personal data, never public (R-A2), with a login to the member
portal for their own member only (R-A1); their e-mail address and name are checked (R-M6)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from core.accounts import user_invite
from core.exceptions import RuleViolation
from core.flags import flag_raise
from core.history import save_with_history as _save
from core.messages import stored
from core.models import FlagAudience, Role, User, UserRole
from core.rules import today_or

from ..models import Contact, Member
from ._common import _lock, _require_bureau_or_contact

# --- contacts ---------------------------------------------------------------------------------

CONTACT_FIELDS = ("name", "email", "phone", "function", "is_primary", "user")


def _save_contact(contact: Contact, *, actor, reason: str) -> Contact:
    try:
        validate_email(contact.email)
    except ValidationError:
        raise RuleViolation(
            "R-M6", _("Het e-mailadres van de contactpersoon is ongeldig.")
        ) from None
    if not contact.name.strip():
        raise RuleViolation("R-M6", _("De naam van de contactpersoon ontbreekt."))
    if contact.user_id and Contact.objects.filter(user_id=contact.user_id).exclude(
        pk=contact.pk
    ).exists():
        raise RuleViolation(
            "R-A1", _("Deze gebruiker is al contactpersoon van een andere organisatie.")
        )
    _save(contact, actor=actor, reason=reason)
    if contact.is_primary:
        for other in Contact.objects.select_for_update().filter(
            member=contact.member, is_primary=True
        ).exclude(pk=contact.pk):
            other.is_primary = False
            _save(other, actor=actor, reason=stored("andere eerste contactpersoon"))
    return contact


@transaction.atomic
def contact_add(
    *, member: Member, name: str, email: str, actor, phone: str = "", function: str = "",
    is_primary: bool = False, user=None, today: dt.date | None = None,
) -> Contact:
    """Add a contact person (personal data, never public: R-A2). A ``user`` gives the person a
    login to the member portal, for this member only (R-A1)."""
    _require_bureau_or_contact(actor, member, rule_id="R-A1", what=_("contactpersonen toevoegen"))
    member = _lock(member)
    contact = Contact(member=member, name=name or "", email=email or "", phone=phone or "",
                      function=function or "", is_primary=bool(is_primary), user=user)
    return _save_contact(contact, actor=actor, reason=stored("contactpersoon toegevoegd"))


@transaction.atomic
def contact_update(
    *, contact: Contact, actor, today: dt.date | None = None, **changes,
) -> Contact:
    """Change a contact person's fields (``name``, ``email``, ``phone``, ``function``,
    ``is_primary``, ``user``)."""
    unknown = sorted(set(changes) - set(CONTACT_FIELDS))
    if unknown:
        raise TypeError(f"contact_update() got unexpected fields: {', '.join(unknown)}")
    _require_bureau_or_contact(actor, contact.member, rule_id="R-A1",
                               what=_("contactpersonen wijzigen"))
    if "user" in changes and not (actor and actor.has_role(Role.BUREAU)):
        raise RuleViolation("R-A1", _("Alleen het Verenigingsbureau koppelt een inlog aan een "
                                      "contactpersoon."))
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    for field, value in changes.items():
        setattr(contact, field, value if value is not None or field == "user" else "")
    return _save_contact(contact, actor=actor, reason=stored("contactpersoon gewijzigd"))


# --- invitations (issue #8) -------------------------------------------------------------------


def _require_bureau_or_main_contact(actor, member: Member) -> None:
    """The bureau invites any contact; a member's main contact invites the contacts of its own
    organisation (R-A1)."""
    if actor is not None and actor.has_role(Role.BUREAU):
        return
    if actor is not None and actor.has_role(Role.MEMBER_CONTACT) and Contact.objects.filter(
            member=member, user=actor, is_primary=True).exists():
        return
    raise RuleViolation("R-A1", _("Alleen het Verenigingsbureau of de eerste contactpersoon van "
                                  "%(member)s mag contactpersonen uitnodigen.")
                        % {"member": member})


@transaction.atomic
def contact_invite(*, contact: Contact, actor) -> Contact:
    """Invite a contact person to the member portal (issue #8): a login for this member only
    (R-A1) and an e-mailed single-use link to set a password; inviting again makes the previous
    link invalid. An address that already has another login gets no second one and is not
    linked (nobody gains someone else's login, nor learns that it exists): the bureau gets a
    flag to link it by hand, and the inviter sees the same message either way."""
    _require_bureau_or_main_contact(actor, contact.member)
    contact = Contact.objects.select_for_update().select_related("member").get(pk=contact.pk)
    user = contact.user
    if user is None:
        if User.objects.filter(email__iexact=contact.email).exists():
            flag_raise(
                key=f"R-A1:account-exists:contact:{contact.pk}", rule_id="R-A1",
                audience=FlagAudience.BUREAU, today=today_or(None), member=contact.member,
                subject=contact,
                message=stored("Het e-mailadres van contactpersoon %(name)s van %(member)s "
                               "heeft al een account; koppel de inlog handmatig",
                               name=contact.name, member=contact.member),
            )
            return contact
        user = User(email=contact.email.strip().lower(), full_name=contact.name)
        user.set_unusable_password()
        _save(user, actor=actor, reason=stored("account voor contactpersoon (uitnodiging)"))
        _save(UserRole(user=user, role=Role.MEMBER_CONTACT), actor=actor,
              reason=stored("contactpersoon uitgenodigd"))
        contact.user = user
        _save(contact, actor=actor, reason=stored("inlog voor de contactpersoon aangemaakt (R-A1)"))
    elif not user.is_active:
        raise RuleViolation("R-A1", _("Het account van deze contactpersoon is gedeactiveerd; "
                                      "het verenigingsbureau kan het weer activeren."))
    user_invite(user=user, actor=actor, url_name="member:invitation",
                reason=stored("contactpersoon uitgenodigd"))
    return contact
