from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from comments.models import Comment, ThreadFollow


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "author", "content_type", "object_id", "created_at", "hidden_at"]
    list_filter = ["content_type", "hidden_at"]
    search_fields = ["body", "author__username"]
    # Written on the product's pages; hiding goes through the page too, so the reason is kept.
    readonly_fields = [
        "content_type",
        "object_id",
        "author",
        "body",
        "created_at",
        "edited_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ThreadFollow)
class ThreadFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "content_type", "object_id", "created_at"]
    list_filter = ["content_type"]
