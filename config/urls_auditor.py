"""URLs of the auditor portal. One prefix, one role check (core.access.portal_view)."""


app_name = "auditor"

urlpatterns: list = []
