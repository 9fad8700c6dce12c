from django.contrib import admin

from regioplan.models import PlanObjective, Region, RegionalPlan


class RegionalPlanInline(admin.TabularInline):
    model = RegionalPlan
    extra = 0
    fields = ["name", "slug", "kind", "period_start", "period_end"]
    show_change_link = True


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "slug"]
    search_fields = ["name", "network"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionalPlanInline]


class PlanObjectiveInline(admin.StackedInline):
    model = PlanObjective
    extra = 0


@admin.register(RegionalPlan)
class RegionalPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind", "period_start", "period_end"]
    list_filter = ["region", "kind"]
    list_select_related = ["region"]
    search_fields = ["name", "ambition", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlanObjectiveInline]


@admin.register(PlanObjective)
class PlanObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "kind", "plan"]
    list_display_links = ["number", "title"]
    list_filter = ["plan__region", "plan", "kind"]
    list_select_related = ["plan"]
    search_fields = ["title", "description"]
    ordering = ["plan", "kind", "number"]
