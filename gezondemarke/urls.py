from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from api import views as api_views
from gezondemarke import views
from home import views as home_views
from workagenda.urls import region_urls

admin.site.site_header = _("Recommendations monitor: management")
admin.site.site_title = _("Recommendations monitor")
admin.site.index_title = _("Data entry")

# The only pages anonymous visitors may open: logging in, accepting an invitation and
# resetting a forgotten password.
public = login_not_required

urlpatterns = [
    path("", home_views.home, name="home"),
    path("gezond/", views.health, name="health"),
    path("inloggen/", public(auth_views.LoginView.as_view(redirect_authenticated_user=True)), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "uitnodiging/<uidb64>/<token>/",
        public(account_views.InvitationAcceptView.as_view()),
        name="invitation",
    ),
    path("wachtwoord-vergeten/", public(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        public(account_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("aanbevelingen/", include("recommendations.urls")),
    path("regios/", include(region_urls)),
    path("werkagenda/", include("workagenda.urls")),
    path("rondes/", include("prioritisation.urls")),
    path("verankering/", include("coverage.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("instellingen/api-tokens/", api_views.token_list, name="api_tokens"),
    path("instellingen/api-tokens/<int:pk>/intrekken/", api_views.token_revoke, name="api_token_revoke"),
    path("api/v1/", include("api.urls")),
    path("gedeeld/", include("sharing.urls")),
    path("rapportage/", include("reports.urls")),
    path("werkagenda/", include("suggestions.urls")),
    path("reacties/", include("comments.urls")),
    path("mijn-instellingen/", include("notifications.urls")),
    path("beheer/", admin.site.urls),
]

# Error pages in our layout, showing only our own Dutch messages.
handler400 = "gezondemarke.views.bad_request"
handler403 = "gezondemarke.views.permission_denied"
handler404 = "gezondemarke.views.page_not_found"
# Errors: like Django's own, our 500 handler renders without touching the database or the
# session, which is what a page shown after a crash should do.
handler500 = "gezondemarke.views.server_error"
