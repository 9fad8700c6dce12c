from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from gezondemarke import views

admin.site.site_header = _("Recommendations monitor: management")
admin.site.site_title = _("Recommendations monitor")
admin.site.index_title = _("Data entry")

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("aanbevelingen/", include("recommendations.urls")),
    path("regios/", include("regioplan.urls")),
    path("werkagenda/", include("workagenda.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("beheer/", admin.site.urls),
]
