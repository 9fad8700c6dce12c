from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"

router = DefaultRouter()
router.APIRootView = views.ApiRootView
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("regions", views.RegionViewSet, basename="region")
router.register("plans", views.RegionalPlanViewSet, basename="plan")
router.register("agendas", views.AgendaViewSet, basename="agenda")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("goals", views.OperationalGoalViewSet, basename="goal")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("statuses", views.StatusUpdateViewSet, basename="status")
router.register("indicators", views.IndicatorViewSet, basename="indicator")

urlpatterns = [
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    # Tools fetch the schema with their token; the documentation is a page for people logged in.
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    # DRF's views opt out of the login requirement themselves; the documentation page opts back in.
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("", include(router.urls)),
]
