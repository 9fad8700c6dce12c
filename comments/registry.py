"""Which kinds of object carry a comment thread, and who may read each one.

This app knows no domain model. A higher layer registers each model whose page shows a
thread (in its AppConfig.ready()), with the rule of who may read that page; the thread
on the page, the comment form and the mails all ask this registry. A model that is not
registered shows no thread and accepts no comment."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Thread:
    may_read: Callable[[object, models.Model], bool]


_threads: dict[type[models.Model], Thread] = {}


def register(model: type[models.Model], *, may_read: Callable[[object, models.Model], bool]) -> None:
    """may_read(user, obj) says whether user may open obj's page, and so read and write its thread."""
    _threads[model] = Thread(may_read=may_read)


def thread_for(model: type[models.Model]) -> Thread | None:
    return _threads.get(model)


def may_read(*, user, target: models.Model) -> bool:
    thread = thread_for(type(target))
    return thread is not None and user.is_authenticated and user.is_active and thread.may_read(user, target)
