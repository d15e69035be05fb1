"""URLs of the public portal. One prefix, one role check (core.access.portal_view)."""


app_name = "public"

urlpatterns: list = []
