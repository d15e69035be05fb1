"""URLs of the board portal. One prefix, one role check (core.access.portal_view)."""

from django.urls import path

from suspensions.views import board

app_name = "board"

urlpatterns = [
    path("", board.home, name="home"),
    path("beroepen/afgehandeld/", board.appeals_decided_list, name="appeals_decided"),
    path("beroepen/<int:pk>/", board.appeal_detail, name="appeal"),
    path("schorsingen/", board.suspension_list, name="suspensions"),
    path("schorsingen/<int:pk>/publicatie/", board.suspension_publication,
         name="suspension_publication"),
    path("uitstel/", board.postponements, name="postponements"),
    path("nieuwe-leden/", board.new_members, name="new_members"),
]
