"""The read-only API (/api/v1/) and the page where people manage their API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import routers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters, selectors, serializers, services
from api.forms import ApiTokenForm
from api.models import ApiToken
from api.permissions import ReadsDashboards
from coverage.selectors import recommendation_coverage
from monitoring.models import Indicator, Measurement, StatusUpdate
from prioritisation.models import Round
from prioritisation.selectors import round_list_results_visible, round_results
from recommendations.models import Recommendation
from regioplan.models import PlanObjective, Region, RegionalPlan
from workagenda.filters import GoalFilter
from workagenda.models import Agenda, Theme
from workagenda.selectors import ScopeError, operational_goal_rows, scope_resolve

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)

TOKEN_CREATED = _("Token %(name)s has been made. Copy the key now: it is shown only this once.")
TOKEN_REVOKED = _("Token %(name)s has been revoked. Tools using it no longer get in.")


class ApiView:
    """Every API view: let tools with a token past the login page (DRF checks them instead),
    and answer with an ETag, so that an unchanged answer costs a tool no download."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(conditional_get(super().as_view(*args, **kwargs)))


class ReadOnlyViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    pass


class ApiRootView(ApiView, routers.APIRootView):
    """The list of resources at /api/v1/."""


class RecommendationViewSet(ReadOnlyViewSet):
    queryset = Recommendation.objects.order_by("number")
    serializer_class = serializers.RecommendationSerializer
    lookup_field = "number"


class RegionViewSet(ReadOnlyViewSet):
    queryset = Region.objects.order_by("name")
    serializer_class = serializers.RegionSerializer
    lookup_field = "slug"


class RegionalPlanViewSet(ReadOnlyViewSet):
    """Regional plans with their tasks and overarching goals."""

    queryset = (
        RegionalPlan.objects.select_related("region")
        .prefetch_related(Prefetch("objectives", queryset=PlanObjective.objects.order_by("kind", "number")))
        .order_by("region__name", "name")
    )
    serializer_class = serializers.RegionalPlanSerializer
    filterset_class = filters.RegionalPlanFilter
    lookup_field = "slug"


class AgendaViewSet(ReadOnlyViewSet):
    queryset = Agenda.objects.select_related("region", "plan").order_by("region__name", "name")
    serializer_class = serializers.AgendaSerializer
    filterset_class = filters.AgendaFilter
    lookup_field = "slug"


class ThemeViewSet(ReadOnlyViewSet):
    queryset = Theme.objects.select_related("agenda__region").order_by("agenda__region__name", "agenda__name", "number")
    serializer_class = serializers.ThemeSerializer
    filterset_class = filters.ThemeFilter


class OperationalGoalViewSet(ReadOnlyViewSet):
    """Operational goals with their links, filtered like the goals table
    (regio, agenda, thema, doeljaar, aanbeveling, zonder, zoek)."""

    permission_classes = [ReadsDashboards]
    queryset = operational_goal_rows().order_by("pk")
    serializer_class = serializers.OperationalGoalSerializer
    filterset_class = GoalFilter


@extend_schema(
    parameters=[
        OpenApiParameter("region", OpenApiTypes.STR, description="Region name or slug, e.g. drenthe"),
        OpenApiParameter("agenda", OpenApiTypes.STR, description="Agenda name or slug"),
        OpenApiParameter("theme", OpenApiTypes.STR, description="Theme name or code, e.g. VOW"),
        OpenApiParameter("target_year", OpenApiTypes.INT, description="Target year, e.g. 2027"),
    ],
    responses=serializers.CoverageSerializer(many=True),
)
class CoverageView(ApiView, APIView):
    """Per recommendation, the number of distinct linked operational goals: the numbers of
    the anchoring dashboard and of `manage.py export_coverage`, with the same filters."""

    permission_classes = [ReadsDashboards]

    def get(self, request):
        params = request.query_params
        try:
            scope = scope_resolve(
                region=params.get("region", ""),
                agenda=params.get("agenda", ""),
                theme=params.get("theme", ""),
                target_year=params.get("target_year"),
            )
        except ScopeError as error:
            raise ApiValidationError({"detail": str(error)}) from error
        rows = recommendation_coverage(scope=scope)
        return Response(serializers.CoverageSerializer(rows, many=True).data)


class RoundViewSet(ReadOnlyViewSet):
    """Closed prioritisation rounds whose results the caller may see, with their results."""

    serializer_class = serializers.RoundSerializer
    queryset = Round.objects.none()  # tells the schema the model; get_queryset gives the rows

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        visible = [r.pk for r in round_list_results_visible(user=self.request.user) if r.is_closed()]
        return Round.objects.filter(pk__in=visible).order_by("-closes_at", "name")

    @extend_schema(responses=serializers.RoundResultSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def results(self, request, pk=None):
        round = self.get_object()
        return Response(serializers.RoundResultSerializer(round_results(round=round), many=True).data)


class StatusUpdateViewSet(ReadOnlyViewSet):
    """Traffic lights of goals and themes, newest first, with their whole history."""

    permission_classes = [ReadsDashboards]
    queryset = StatusUpdate.objects.select_related("goal__group__theme__agenda", "theme__agenda").order_by(
        "-date", "-pk"
    )
    serializer_class = serializers.StatusUpdateSerializer
    filterset_class = filters.StatusUpdateFilter


class IndicatorViewSet(ReadOnlyViewSet):
    permission_classes = [ReadsDashboards]
    queryset = (
        Indicator.objects.select_related("goal__group__theme__agenda")
        .prefetch_related(Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk")))
        .order_by("pk")
    )
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter


def token_list(request):
    """Mijn instellingen → API tokens: make, see and revoke one's own tokens."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, TOKEN_CREATED % {"name": token.name})
            form = ApiTokenForm()
    tokens = selectors.api_token_list(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})


@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.revoked_at is not None:
        raise Http404
    services.api_token_revoke(token=token, user=request.user)
    messages.success(request, TOKEN_REVOKED % {"name": token.name})
    return redirect("api_tokens")
