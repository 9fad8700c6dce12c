from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts import roles
from notifications import selectors, services, tokens
from notifications.forms import PreferencesForm
from notifications.models import Kind

SETTINGS_SAVED = _("Your settings have been saved.")


@require_http_methods(["GET", "POST"])
def preferences(request):
    current = selectors.preferences_for(user=request.user)
    form = PreferencesForm(
        request.POST or None,
        instance=current,
        can_read_dashboards=roles.user_has_role(request.user, roles.READ_DASHBOARDS),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.preferences_update(
                    user=request.user, **{name: form.cleaned_data[name] for name in form.fields}
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, SETTINGS_SAVED)
                return redirect("notifications:settings")
        status = 400
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
        status=status,
    )


# Mail programs post here without a CSRF token (RFC 8058 one-click); the signed token is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks to confirm, so that a link checker that opens every link in a mail stops nothing; POST stops."""
    try:
        user, kind = tokens.unsubscribe_read(token=token)
    except ValidationError as error:
        return render(request, "notifications/unsubscribe.html", {"error": error.messages[0]}, status=400)
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": Kind(kind).label, "done": done, "person": user.get_full_name() or user.get_username()},
    )
