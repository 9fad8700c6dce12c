"""The pages around logging in: invitation, password reset and the lockout page.

Anonymous visitors reach these (they are marked login_not_required in the URLconf);
every other page needs an account."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.services import user_unlock
from accounts.tokens import invitation_token_generator

logger = logging.getLogger(__name__)

WELCOME = _("Welcome, %(name)s. Your password is set and you are logged in.")

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view, answering a used or expired link with a 400 and a Dutch explanation."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def render_to_response(self, context, **response_kwargs):
        if not context.get("validlink"):
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        # Resetting the password proves who someone is: a lockout need not wait its 30 minutes.
        user_unlock(username=form.user.get_username())
        return response


class InvitationAcceptView(PasswordResetConfirmView):
    """The invited person chooses a password and is logged in straight away."""

    template_name = "accounts/invitation_accept.html"
    token_generator = invitation_token_generator
    post_reset_login = True
    post_reset_login_backend = MODEL_BACKEND
    success_url = reverse_lazy("home")
    reset_url_token = "wachtwoord-kiezen"  # noqa: S105 - a URL segment, not a secret

    def form_valid(self, form):
        response = super().form_valid(form)
        name = form.user.get_full_name() or form.user.get_username()
        messages.success(self.request, WELCOME % {"name": name})
        return response


def lockout(request, original_response=None, credentials=None):
    """django-axes calls this instead of the view when a username and address are locked out."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    logger.warning("Login refused: username %r from %s is locked out", username, request.META.get("REMOTE_ADDR"))
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
