from django.contrib import admin

from suggestions.models import DismissedSuggestion, RecommendationTerm


@admin.register(RecommendationTerm)
class RecommendationTermAdmin(admin.ModelAdmin):
    list_display = ["term", "number", "weight", "updated_at"]
    list_editable = ["weight"]
    list_filter = ["number"]
    search_fields = ["term"]
    ordering = ["number", "term"]


@admin.register(DismissedSuggestion)
class DismissedSuggestionAdmin(admin.ModelAdmin):
    list_display = ["goal", "recommendation", "dismissed_by", "dismissed_at"]
    list_select_related = ["goal__group__theme", "recommendation", "dismissed_by"]
    list_filter = ["recommendation"]
    readonly_fields = ["goal", "recommendation", "dismissed_by", "dismissed_at"]
