"""Administrators invite users: no open sign-up, and nobody else knows their password."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import InvitationForm
from accounts.invitations import invitation_extras
from accounts.models import FailedLogin, LoginAttempt, SuccessfulLogin
from accounts.services import invitation_extras_apply, login_attempts_clean_expired, user_invite
from accounts.tokens import invitation_expiry, invitation_link

User = get_user_model()

INVITATION_MAILED = _("The invitation has been e-mailed to %(email)s.")
INVITATION_NOT_MAILED = _("No e-mail was sent. Pass the link below on to %(name)s yourself.")


def base_url(request) -> str:
    return request.build_absolute_uri("/")


# Django stores permission names in English when it creates them ("Can add operational goal"),
# and its own names cannot be translated: the admin shows them in Dutch, made from the model's name.
PERMISSION_ACTIONS = {
    "add": _("May add %(model)s"),
    "change": _("May change %(model)s"),
    "delete": _("May delete %(model)s"),
    "view": _("May view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        name = PERMISSION_ACTIONS[action] % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)  # the capabilities: their names are msgids of their own
    return f"{permission.content_type} | {name}"


class DutchPermissionsMixin:
    """Lists the permissions of a role or a person under their Dutch names."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(DutchPermissionsMixin, GroupAdmin):
    pass


admin.site.unregister(User)


@admin.register(User)
class InvitingUserAdmin(DutchPermissionsMixin, UserAdmin):
    add_form = InvitationForm
    add_form_template = None  # the plain change form: there are no password fields to explain
    add_fieldsets = ((None, {"fields": ["username", "first_name", "last_name", "email", "groups"]}),)
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active", "invitation_state"]
    readonly_fields = ["invitation_state"]
    fieldsets = (
        (None, {"fields": ["username", "password", "invitation_state"]}),
        *UserAdmin.fieldsets[1:],
    )

    @admin.display(description=_("invitation"))
    def invitation_state(self, user) -> str:
        if user.has_usable_password():
            return _("accepted")
        url = reverse("admin:auth_user_invitation", args=[user.pk])
        return format_html('{} <a href="{}">{}</a>', _("not accepted yet"), url, _("show the invitation link"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.invitation_view)
        return [path("<int:pk>/uitnodiging/", view, name="auth_user_invitation"), *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        # Saving always leads to the invitation page, so the other save buttons would mislead.
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False, "show_save_and_continue": False}
        return super().add_view(request, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        sections = [(extra.title, {"fields": list(extra.fields())}) for extra in invitation_extras()]
        return (*self.add_fieldsets, *(section for section in sections if section[1]["fields"]))

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            # The form adds the other apps' fields itself; the model form is built from the user's own.
            kwargs["fields"] = flatten_fieldsets(self.add_fieldsets)
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # Still within the add view's transaction, as is the invitation in response_add.
            invitation_extras_apply(user=form.instance, data=form.cleaned_data)

    def response_add(self, request, obj, post_url_continue=None):
        invitation = user_invite(user=obj, base_url=base_url(request))
        self._report_mail(request, obj, emailed=invitation.emailed)
        return HttpResponseRedirect(reverse("admin:auth_user_invitation", args=[obj.pk]))

    def invitation_view(self, request, pk: int):
        """Shows a valid invitation link; POST makes a new one, voiding the earlier links."""
        user = get_object_or_404(User, pk=pk)
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        if request.method == "POST":
            try:
                invitation = user_invite(user=user, base_url=base_url(request))
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
            else:
                self._report_mail(request, user, emailed=invitation.emailed)
            return HttpResponseRedirect(request.path)
        accepted = user.has_usable_password()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": _("Invitation for %(name)s") % {"name": user.get_full_name() or user.get_username()},
            "accepted": accepted,
            "link": None if accepted else invitation_link(user=user, base_url=base_url(request)),
            "expires_at": invitation_expiry(),
        }
        return TemplateResponse(request, "admin/auth/user/invitation.html", context)

    def _report_mail(self, request, user, *, emailed: bool) -> None:
        if emailed:
            self.message_user(request, INVITATION_MAILED % {"email": user.email}, messages.SUCCESS)
        else:
            name = user.get_full_name() or user.get_username()
            self.message_user(request, INVITATION_NOT_MAILED % {"name": name}, messages.WARNING)


# Lockouts: django-axes's admin pages, registered for the Dutch-named records (AXES_ENABLE_ADMIN
# is off, so axes does not register its English-named ones).
@admin.register(LoginAttempt)
class LoginAttemptAdmin(AccessAttemptAdmin):
    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        # axes's own action fails outside a login request and reports in English only.
        count = login_attempts_clean_expired()
        cleaned = ngettext(
            "%(count)d expired login attempt was cleaned up.",
            "%(count)d expired login attempts were cleaned up.",
            count,
        )
        self.message_user(request, cleaned % {"count": count})


admin.site.register(FailedLogin, AccessFailureLogAdmin)
admin.site.register(SuccessfulLogin, AccessLogAdmin)
