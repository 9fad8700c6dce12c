from django.contrib.auth.decorators import login_not_required
from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.preferences, name="settings"),
    # Opened from a mail, without logging in: the signed token names the person and the kind of mail.
    path("afmelden/<str:token>/", login_not_required(views.unsubscribe), name="unsubscribe"),
]
