from allauth.account import views as account_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import account_views as account_views_core
from core import health
from core import views as core_views
from core.mfa import secure_admin_site
from overview.views import documents as document_views

admin.site.site_header = "Keurmerk – beheer"
# Issue #8: /admin/ logs in through /inloggen/ and needs the second factor too.
secure_admin_site(admin.site)
admin.site.site_title = "Keurmerk"

urlpatterns = [
    path("", core_views.home, name="home"),
    # Accounts (issue #8): allauth's login keeps its Dutch address; allauth's other pages
    # (password reset and change, e-mail, second factor) live under /account/.
    path("inloggen/", account_views.login, name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("uitnodiging/<uidb64>/<token>/", account_views_core.invitation, name="invitation"),
    # Enrolling the second factor also confirms it for this session (core.mfa).
    path("account/2fa/totp/activate/", account_views_core.totp_activate),
    path("account/email/", account_views_core.email),
    path("account/2fa/klaar/", account_views_core.second_factor_done, name="second_factor_done"),
    path("account/", include("allauth.urls")),
    path("documenten/<int:pk>/", document_views.document_download, name="document_download"),
    # Issue #13: answered by core.health.HealthCheckMiddleware before any other middleware.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("kalender/", include("core.calendar")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("register/", include("config.urls_public")),
    # Issue #12: the public API (read-only, anonymous) and its documentation.
    path("api/", include("api.urls")),
    path("bureau/", include("config.urls_bureau")),
    path("directeur/", include("config.urls_director")),
    path("bestuur/", include("config.urls_board")),
    path("kernteam/", include("config.urls_quality_team")),
    path("auditor/", include("config.urls_auditor")),
    path("portaal/", include("config.urls_member")),
    path("admin/", admin.site.urls),
]
