def portals(request):
    """The portals of the logged-in user, for the navigation, the user's calendar feed, and
    whether this page shows rule-id chips (staff and auditors, not members or the public)."""
    from .portal import shows_rule_ids

    # Rule-id chips (e.g. in the "Wat staat … in de weg?" box) are for staff and auditors.
    rule_ids = shows_rule_ids(request)
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"user_portals": [], "show_rule_ids": rule_ids}
    from .calendar import calendar_feed_url
    from .views import portals_for

    return {"user_portals": portals_for(user), "calendar_url": calendar_feed_url(user),
            "show_rule_ids": rule_ids}


def work_inbox(request):
    """Issue #11: how many open flags wait for the logged-in staff member (assigned to them,
    or unassigned in their team), for the header; one query, only for staff who work flags."""
    from .inbox import inbox_count_query, team_audiences

    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or not team_audiences(user):
        return {}
    from .dates import today

    return {"inbox_count": inbox_count_query(user, today()).count()}
