from django.contrib import admin

from api.models import ApiToken, ApiTokenUse


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see who has which token and when it was used; keys are never shown."""

    list_display = ["name", "user", "key_start", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["user", "name", "key_start", "created_at", "last_used_at"]
    fields = [*readonly_fields, "revoked_at"]

    def has_add_permission(self, request) -> bool:
        return False  # a key is shown once, to its owner: tokens are made on 'My settings'


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(admin.ModelAdmin):
    list_display = ["used_at", "token", "method", "path"]
    list_select_related = ["token"]
    readonly_fields = ["token", "used_at", "method", "path"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
