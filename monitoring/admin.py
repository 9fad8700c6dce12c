from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from monitoring import services
from monitoring.models import Indicator, Measurement, StatusUpdate


@admin.register(StatusUpdate)
class StatusUpdateAdmin(SimpleHistoryAdmin):
    """Administrators add status updates here too; only superusers may correct the history."""

    list_display = ["date", "status", "goal", "theme", "author"]
    list_filter = ["status", "theme__agenda", "date"]
    list_select_related = ["goal__group__theme", "theme", "author"]
    search_fields = ["note"]
    raw_id_fields = ["goal", "theme"]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None or request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if change:
            services.status_update_refuse_change(user=request.user)
        else:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        services.status_update_refuse_change(user=request.user)
        super().delete_model(request, obj)


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    fields = ["date", "value", "source", "recorded_by"]
    readonly_fields = ["recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "unit", "direction", "target_value", "target_year", "goal"]
    list_filter = ["kind", "direction", "goal__group__theme__agenda"]
    list_select_related = ["goal__group__theme"]
    search_fields = ["name", "source_text"]
    raw_id_fields = ["goal"]
    inlines = [MeasurementInline]
