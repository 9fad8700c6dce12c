"""What each API resource shows. Fields in English, as JSON APIs are read by tools;
names of people never appear, only the data the pages show."""

from rest_framework import serializers

from monitoring.models import Indicator, Measurement, StatusUpdate
from prioritisation.models import Round
from recommendations.models import Recommendation
from regioplan.models import PlanObjective, Region, RegionalPlan
from workagenda.models import Agenda, GoalLink, OperationalGoal, Theme


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["number", "short_title", "lead", "text", "source_document"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["slug", "name", "network", "description"]


class PlanTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanObjective
        fields = ["kind", "number", "title", "description"]


class RegionalPlanSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    objectives = PlanTaskSerializer(many=True, read_only=True)

    class Meta:
        model = RegionalPlan
        fields = ["slug", "region", "name", "kind", "period_start", "period_end", "ambition", "objectives"]


class AgendaSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Agenda
        fields = ["slug", "region", "plan", "name", "theme_label", "description", "source_document"]


class ThemeSerializer(serializers.ModelSerializer):
    agenda = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.CharField(source="agenda.region.slug", read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "region", "agenda", "number", "code", "name", "description"]


class GoalLinkSerializer(serializers.ModelSerializer):
    recommendation = serializers.IntegerField(source="recommendation.number", read_only=True)

    class Meta:
        model = GoalLink
        fields = ["recommendation", "note"]


class OperationalGoalSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    region = serializers.CharField(source="group.theme.agenda.region.slug", read_only=True)
    agenda = serializers.CharField(source="group.theme.agenda.slug", read_only=True)
    theme = serializers.CharField(source="group.theme.code", read_only=True)
    goal_number = serializers.IntegerField(source="group.number", read_only=True)
    links = GoalLinkSerializer(many=True, read_only=True)

    class Meta:
        model = OperationalGoal
        fields = ["id", "code", "region", "agenda", "theme", "goal_number", "letter", "text", "target_year", "links"]


class CoverageSerializer(serializers.Serializer):
    """The same record as `manage.py export_coverage --format json`."""

    number = serializers.IntegerField()
    short_title = serializers.CharField()
    linked_goals = serializers.IntegerField()


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = ["id", "name", "description", "method", "picks_per_criterion", "opens_at", "closes_at"]


class RoundResultSerializer(serializers.Serializer):
    """Per recommendation: pick counts (or mean scores in a scale round), never reasons or voters."""

    number = serializers.IntegerField()
    short_title = serializers.CharField()
    importance = serializers.FloatField()
    urgency = serializers.FloatField()
    agreement_importance = serializers.FloatField(source="agreement.importance", allow_null=True)
    agreement_urgency = serializers.FloatField(source="agreement.urgency", allow_null=True)


class StatusUpdateSerializer(serializers.ModelSerializer):
    goal = serializers.CharField(source="goal.code", default=None, read_only=True)
    theme = serializers.CharField(source="theme.code", default=None, read_only=True)
    agenda = serializers.SerializerMethodField()

    class Meta:
        model = StatusUpdate
        fields = ["id", "agenda", "goal", "theme", "status", "date", "note"]

    def get_agenda(self, update: StatusUpdate) -> str:
        theme = update.goal.group.theme if update.goal_id else update.theme
        return theme.agenda.slug


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measurement
        fields = ["date", "value", "source"]


class IndicatorSerializer(serializers.ModelSerializer):
    goal = serializers.CharField(source="goal.code", read_only=True)
    agenda = serializers.CharField(source="goal.group.theme.agenda.slug", read_only=True)
    measurements = MeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "agenda",
            "goal",
            "name",
            "kind",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_year",
            "measurements",
        ]
