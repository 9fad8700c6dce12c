from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from prioritisation.models import Ballot, BallotEntry, Round
from prioritisation.services import round_close


class BallotInline(admin.TabularInline):
    """Ballots are the members' own: the admin shows them, never edits them."""

    model = Ballot
    extra = 0
    can_delete = False
    fields = ["member", "submitted_at", "updated_at", "comment"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "method", "opens_at", "closes_at", "results_visibility"]
    list_filter = ["method", "results_visibility"]
    search_fields = ["name", "description"]
    filter_horizontal = ["participants"]
    inlines = [BallotInline]
    actions = ["close_now"]
    fieldsets = [
        (None, {"fields": ["name", "description", "method", "picks_per_criterion"]}),
        (_("When"), {"fields": ["opens_at", "closes_at"]}),
        (_("Who"), {"fields": ["limited", "participants", "results_visibility", "reasons_attributed"]}),
    ]

    @admin.action(description=_("Close the selected rounds now"))
    def close_now(self, request, queryset):
        for round in queryset:
            round_close(round=round, user=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d round closed.", "%(count)d rounds closed.", count) % {"count": count},
            messages.SUCCESS,
        )


class BallotEntryInline(admin.TabularInline):
    model = BallotEntry
    extra = 0
    can_delete = False
    fields = ["criterion", "recommendation", "score", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Ballot)
class BallotAdmin(SimpleHistoryAdmin):
    list_display = ["round", "member", "submitted_at", "updated_at"]
    list_filter = ["round"]
    list_select_related = ["round", "member"]
    readonly_fields = ["round", "member", "submitted_at", "updated_at", "comment"]
    inlines = [BallotEntryInline]

    def has_add_permission(self, request) -> bool:
        return False
