"""URLs of the member portal. One prefix, one role check (core.access.portal_view)."""


app_name = "member"

urlpatterns: list = []
