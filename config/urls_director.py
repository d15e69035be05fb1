"""URLs of the director portal. One prefix, one role check (core.access.portal_view)."""


app_name = "director"

urlpatterns: list = []
