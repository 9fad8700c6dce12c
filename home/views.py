from django.shortcuts import render
from django.utils import timezone

from home.selectors import home_widgets
from notifications.services import visit_mark


def home(request):
    now = timezone.now()
    # The visit is marked before the widgets read, so the list starts at the previous visit.
    last_visit = visit_mark(user=request.user, session=request.session, now=now)
    widgets = home_widgets(user=request.user, now=now, last_visit=last_visit)
    return render(request, "home/home.html", {"widgets": widgets})
