def portals(request):
    """The portals of the logged-in user, for the navigation."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"user_portals": []}
    from .views import portals_for

    return {"user_portals": portals_for(user)}
