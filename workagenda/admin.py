from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from workagenda.models import Agenda, AgendaItem, GoalGroup, GoalLink, OperationalGoal, Theme
from workagenda.services import operational_goal_fill_target_year


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["number", "code", "name"]
    show_change_link = True


@admin.register(Agenda)
class AgendaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "plan", "theme_label"]
    list_filter = ["region", "theme_label"]
    list_select_related = ["region", "plan"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ThemeInline]


class GoalGroupInline(admin.TabularInline):
    model = GoalGroup
    extra = 0
    fields = ["number", "title"]
    show_change_link = True


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "number", "agenda"]
    list_filter = ["agenda__region", "agenda"]
    list_select_related = ["agenda"]
    search_fields = ["name", "code", "description"]
    ordering = ["agenda", "number"]
    filter_horizontal = ["plan_tasks"]
    inlines = [GoalGroupInline]


class OperationalGoalInline(admin.StackedInline):
    model = OperationalGoal
    extra = 0
    fields = ["letter", "text", "target_year"]
    show_change_link = True


@admin.register(GoalGroup)
class GoalGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "theme", "number"]
    list_filter = ["theme__agenda__region", "theme__agenda", "theme"]
    list_select_related = ["theme"]
    search_fields = ["title", "description", "theme__name"]
    ordering = ["theme__agenda", "theme__number", "number"]
    inlines = [OperationalGoalInline]

    def save_formset(self, request, form, formset, change):
        goals = formset.save(commit=False)
        for goal in goals:
            operational_goal_fill_target_year(goal=goal)
            goal.save()
        for goal in formset.deleted_objects:
            goal.delete()
        formset.save_m2m()


class GoalLinkInline(admin.TabularInline):
    model = GoalLink
    extra = 0
    fields = ["recommendation", "note", "created_by", "created_at", "updated_by", "updated_at"]
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]


@admin.register(OperationalGoal)
class OperationalGoalAdmin(SimpleHistoryAdmin):
    list_display = ["goal_code", "short_text", "target_year", "theme_name", "region_name"]
    list_filter = ["group__theme__agenda__region", "group__theme__agenda", "group__theme", "target_year"]
    list_select_related = ["group__theme__agenda__region"]
    search_fields = ["text", "group__theme__name", "group__theme__code"]
    inlines = [GoalLinkInline]

    @admin.display(description=_("code"), ordering="group__theme__code")
    def goal_code(self, goal: OperationalGoal) -> str:
        return goal.code

    @admin.display(description=_("text"))
    def short_text(self, goal: OperationalGoal) -> str:
        return goal.text if len(goal.text) <= 120 else goal.text[:119] + "…"

    @admin.display(description=_("theme"), ordering="group__theme__name")
    def theme_name(self, goal: OperationalGoal) -> str:
        return goal.group.theme.name

    @admin.display(description=_("region"), ordering="group__theme__agenda__region__name")
    def region_name(self, goal: OperationalGoal) -> str:
        return goal.group.theme.agenda.region.name

    def save_model(self, request, obj, form, change):
        operational_goal_fill_target_year(goal=obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        links = formset.save(commit=False)
        for link in links:
            if link.pk is None:
                link.created_by = request.user
            link.updated_by = request.user
            link.save()
        for link in formset.deleted_objects:
            link.delete()
        formset.save_m2m()


@admin.register(GoalLink)
class GoalLinkAdmin(SimpleHistoryAdmin):
    list_display = ["goal", "recommendation", "updated_by", "updated_at"]
    list_filter = ["recommendation", "goal__group__theme__agenda__region", "goal__group__theme"]
    list_select_related = ["goal__group__theme", "recommendation", "updated_by"]
    search_fields = ["note", "goal__text"]
    autocomplete_fields = ["goal", "recommendation"]
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["year", "theme", "text", "agenda"]
    list_filter = ["agenda", "year", "theme"]
    list_select_related = ["agenda", "theme"]
    search_fields = ["text"]
    raw_id_fields = ["operational_goal"]
    ordering = ["agenda", "year", "theme__number", "position"]
