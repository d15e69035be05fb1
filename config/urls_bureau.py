"""URLs of the bureau portal. One prefix, one role check (core.access.portal_view)."""


app_name = "bureau"

urlpatterns: list = []
