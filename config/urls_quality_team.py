"""URLs of the quality_team portal. One prefix, one role check (core.access.portal_view)."""


app_name = "quality_team"

urlpatterns: list = []
