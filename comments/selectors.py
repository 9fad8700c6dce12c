"""Reads of comment threads."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

from comments import registry
from comments.models import Comment, ThreadFollow
from comments.services import comment_may_edit


@dataclass(frozen=True)
class ThreadView:
    """One thread as a reader sees it: its comments, those the reader may still edit, and whether they follow."""

    target: models.Model
    content_type: ContentType
    comments: list[Comment]
    editable: frozenset[int]
    following: bool


def comment_get(*, pk: int) -> Comment:
    return Comment.objects.select_related("author", "content_type").get(pk=pk)


def target_get(*, content_type_id: int, object_id: int) -> models.Model:
    """The object of a thread, if its kind carries threads; raises LookupError otherwise."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    model = content_type.model_class()
    if model is None or registry.thread_for(model) is None:
        raise LookupError(content_type_id)
    return model._default_manager.get(pk=object_id)


def thread_view(*, target: models.Model, user) -> ThreadView | None:
    """The thread on target's page for user, or None when there is none to show. Two queries."""
    if not registry.may_read(user=user, target=target):
        return None
    content_type = ContentType.objects.get_for_model(target)
    comments = list(
        Comment.objects.filter(content_type=content_type, object_id=target.pk).select_related("author", "hidden_by")
    )
    return ThreadView(
        target=target,
        content_type=content_type,
        comments=comments,
        editable=frozenset(c.pk for c in comments if comment_may_edit(comment=c, user=user)),
        following=ThreadFollow.objects.filter(content_type=content_type, object_id=target.pk, user=user).exists(),
    )


def thread_follower_ids(*, content_type_id: int, object_id: int) -> list[int]:
    return list(
        ThreadFollow.objects.filter(content_type_id=content_type_id, object_id=object_id).values_list(
            "user_id", flat=True
        )
    )
