"""The comment thread as a page section: a page of any app renders {% comment_thread obj %}.

The tag only reads (comments.selectors.thread_view); whether obj carries a thread, and who
may read it, is the registry's business. Nothing is shown for an unregistered model."""

from django import template

from comments.forms import CommentForm
from comments.selectors import thread_view

register = template.Library()


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, target, note: str = ""):
    request = context["request"]
    return {
        "thread": thread_view(target=target, user=request.user),
        "form": CommentForm(),
        "note": note,
        "next": request.get_full_path(),
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
