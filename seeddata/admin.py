from django.contrib import admin

from seeddata.models import SeedRecord


@admin.register(SeedRecord)
class SeedRecordAdmin(admin.ModelAdmin):
    list_display = ["model", "natural_key", "loaded_at"]
    list_filter = ["model"]
    search_fields = ["natural_key"]
    readonly_fields = ["model", "natural_key", "fingerprint", "loaded_at"]

    def has_add_permission(self, request):
        return False
