from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from recommendations.models import Recommendation, RecommendationRelation


class OutgoingRelationInline(admin.TabularInline):
    model = RecommendationRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name = _("relation to another recommendation")
    verbose_name_plural = _("relations to other recommendations")


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["number", "short_title", "lead", "source_document"]
    list_display_links = ["number", "short_title"]
    search_fields = ["short_title", "lead", "text"]
    ordering = ["number"]
    inlines = [OutgoingRelationInline]


@admin.register(RecommendationRelation)
class RecommendationRelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    list_select_related = ["source", "target"]
    autocomplete_fields = ["source", "target"]
    search_fields = ["source__short_title", "target__short_title"]
