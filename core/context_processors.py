def portals(request):
    """The portals of the logged-in user, for the navigation, and the user's calendar feed."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"user_portals": []}
    from .calendar import calendar_feed_url
    from .views import portals_for

    return {"user_portals": portals_for(user), "calendar_url": calendar_feed_url(user)}
