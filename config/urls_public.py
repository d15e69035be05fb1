"""URLs of the public portal: the ledenregister and certificate verification (R-N2, R-Z7),
and the complaint form for anyone (R-K1).
Anonymous; no role check. ``certificaat/<number>/`` is the path the certificate's QR code
links to (``certificates.pdf.VERIFY_PATH``)."""

from django.urls import path

from api.views import open_data
from complaints.views import public as complaints
from overview.views import public

app_name = "public"

urlpatterns = [
    path("", public.register, name="home"),
    path("lid/<int:pk>/", public.member_detail, name="member_detail"),
    path("certificaat/", public.certificate_lookup, name="certificate_lookup"),
    path("certificaat/<str:number>/", public.certificate_verify, name="certificate_verify"),
    # Issue #12: the register as open data (CSV, JSON) and the page documenting their schema
    path("open-data/", open_data.open_data, name="open_data"),
    path("open-data/ledenregister.csv", open_data.register_csv, name="open_data_csv"),
    path("open-data/ledenregister.json", open_data.register_json, name="open_data_json"),
    # R-K1: a complaint without an account
    path("klacht/", complaints.complaint, name="complaint"),
    path("klacht/ontvangen/", complaints.complaint_done, name="complaint_done"),
]
