"""URLs of the board portal. One prefix, one role check (core.access.portal_view)."""


app_name = "board"

urlpatterns: list = []
