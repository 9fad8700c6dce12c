from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from comments import registry, selectors, services
from comments.forms import CommentForm, HideForm
from comments.models import Comment

THREAD_NOT_FOUND = _("This page has no comments, or it does not exist.")
COMMENT_NOT_FOUND = _("This comment does not exist.")
COMMENT_PLACED = _("Your comment has been placed.")
COMMENT_CHANGED = _("Your comment has been changed.")
COMMENT_HIDDEN = _("The comment has been hidden.")
FOLLOWING = _("You follow this thread. New comments reach you as you chose in My settings.")
NOT_FOLLOWING = _("You no longer follow this thread.")


def _target_or_404(content_type_id: int, object_id: int):
    try:
        return selectors.target_get(content_type_id=content_type_id, object_id=object_id)
    except (LookupError, ObjectDoesNotExist) as error:
        raise Http404(THREAD_NOT_FOUND) from error


def _comment_or_404(pk: int) -> Comment:
    try:
        return selectors.comment_get(pk=pk)
    except Comment.DoesNotExist:
        raise Http404(COMMENT_NOT_FOUND) from None


def _back(request, target, anchor: str = "reacties"):
    """Back to the page the form was on (a thread shows on more than one page), else the object's own page."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        url = target.get_absolute_url()
    return redirect(f"{url.split('#')[0]}#{anchor}")


@require_POST
def comment_create(request, content_type_id: int, object_id: int):
    target = _target_or_404(content_type_id, object_id)
    if not registry.may_read(user=request.user, target=target):
        raise PermissionDenied(services.NOT_ALLOWED)
    form = CommentForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("body", []):
            messages.error(request, error)
        return _back(request, target, "reactie-schrijven")
    try:
        comment = services.comment_create(target=target, author=request.user, body=form.cleaned_data["body"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back(request, target, "reactie-schrijven")
    messages.success(request, COMMENT_PLACED)
    return _back(request, target, f"reactie-{comment.pk}")


@require_POST
def follow(request, content_type_id: int, object_id: int):
    target = _target_or_404(content_type_id, object_id)
    if request.POST.get("follow") == "1":
        services.thread_follow(target=target, user=request.user)
        messages.success(request, FOLLOWING)
    else:
        services.thread_unfollow(target=target, user=request.user)
        messages.success(request, NOT_FOLLOWING)
    return _back(request, target)


@require_http_methods(["GET", "POST"])
def comment_edit(request, pk: int):
    comment = _comment_or_404(pk)
    target = comment.target
    if comment.author_id != request.user.pk or not registry.may_read(user=request.user, target=target):
        raise PermissionDenied(services.NOT_YOUR_COMMENT)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, COMMENT_CHANGED)
                return _back(request, target, f"reactie-{comment.pk}")
        status = 400
    return render(
        request,
        "comments/comment_edit.html",
        {"comment": comment, "target": target, "form": form, "next": request.GET.get("next", "")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def comment_hide(request, pk: int):
    if not request.user.is_superuser:
        raise PermissionDenied(services.ADMINISTRATORS_ONLY)
    comment = _comment_or_404(pk)
    target = comment.target
    form = HideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_hide(comment=comment, user=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, COMMENT_HIDDEN)
                return _back(request, target, f"reactie-{comment.pk}")
        status = 400
    return render(
        request,
        "comments/comment_hide.html",
        {"comment": comment, "target": target, "form": form, "next": request.GET.get("next", "")},
        status=status,
    )
