"""A member's contact persons as recipients of the outbox (R-Z6), for every app's e-mail."""

from notifications import recipients as to

from .models import Contact, CoreData


def member_recipients(member) -> list:
    """The member's contact persons with an e-mail address, the primary contact first
    (``Contact.Meta.ordering``). Without any, the organisation's own address from its current
    core data (R-M6), when it has one."""
    contacts = to.unique_by_email(
        Contact.objects.filter(member=member).select_related("user").order_by("-is_primary",
                                                                             "name", "pk"))
    if contacts:
        return contacts
    address = (CoreData.objects.filter(member=member, audit__isnull=True)
               .values_list("email", flat=True).first())
    return [address] if address else []


def queue_to_member(template: str, member, *, key: str, context: dict, rule_id: str,
                    attachments=(), today=None) -> int:
    """Queue ``template`` to each of the member's contacts (:func:`member_recipients`), linked
    to the member so it shows on its timeline; idempotent by ``key``."""
    return to.queue_to_all(template=template, recipients=member_recipients(member),
                           context=context, key=key, audience=to.MEMBER, member=member,
                           rule_id=rule_id, attachments=attachments, today=today)
