"""Writes to comment threads: writing, editing, hiding and following."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.history import recorded
from comments import registry
from comments.models import Comment, ThreadFollow

# Long enough to fix a typo just noticed; after that a comment stands as others read it.
EDIT_WINDOW = timedelta(minutes=15)

NOT_ALLOWED = _("You cannot read this page, so you cannot comment on it either.")
EMPTY_COMMENT = _("Write something before you place your comment.")
NOT_YOUR_COMMENT = _("Only the author can change a comment.")
EDIT_WINDOW_PASSED = _("A comment can only be changed in the first 15 minutes after it was placed.")
HIDDEN_CANNOT_EDIT = _("This comment has been hidden and can no longer be changed.")
ADMINISTRATORS_ONLY = _("Only administrators can hide a comment.")
REASON_REQUIRED = _("Give a reason for hiding this comment.")
ALREADY_HIDDEN = _("This comment is already hidden.")


def _target_type(target: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(target)


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": EMPTY_COMMENT})
    return body


@transaction.atomic
def comment_create(*, target: models.Model, author, body: str) -> Comment:
    """Place a comment; its author follows the thread from then on."""
    if not registry.may_read(user=author, target=target):
        raise PermissionDenied(NOT_ALLOWED)
    comment = Comment(
        content_type=_target_type(target),
        object_id=target.pk,
        author=author,
        body=_clean_body(body),
        created_at=timezone.now(),
    )
    comment.full_clean()
    recorded(comment, author).save()
    thread_follow(target=target, user=author)
    return comment


def comment_may_edit(*, comment: Comment, user, now=None) -> bool:
    now = now or timezone.now()
    return comment.author_id == user.pk and not comment.is_hidden and now - comment.created_at <= EDIT_WINDOW


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != user.pk:
        raise PermissionDenied(NOT_YOUR_COMMENT)
    if comment.is_hidden:
        raise ValidationError(HIDDEN_CANNOT_EDIT)
    if not comment_may_edit(comment=comment, user=user):
        raise ValidationError(EDIT_WINDOW_PASSED)
    comment.body = _clean_body(body)
    comment.edited_at = timezone.now()
    comment.full_clean()
    recorded(comment, user).save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, user, reason: str) -> Comment:
    """An administrator takes a comment out of sight; the history keeps its text, who hid it and why."""
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied(ADMINISTRATORS_ONLY)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_hidden:
        raise ValidationError(ALREADY_HIDDEN)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    comment.hidden_at = timezone.now()
    comment.hidden_by = user
    comment.hidden_reason = reason
    comment.full_clean()
    recorded(comment, user).save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return comment


def thread_follow(*, target: models.Model, user) -> ThreadFollow:
    if not registry.may_read(user=user, target=target):
        raise PermissionDenied(NOT_ALLOWED)
    follow, _created = ThreadFollow.objects.get_or_create(
        content_type=_target_type(target), object_id=target.pk, user=user
    )
    return follow


def thread_unfollow(*, target: models.Model, user) -> None:
    ThreadFollow.objects.filter(content_type=_target_type(target), object_id=target.pk, user=user).delete()
