from django.urls import path, re_path

from sharing import views

app_name = "sharing"
urlpatterns = [
    path("", views.share_list, name="list"),
    path("<int:pk>/intrekken/", views.share_revoke, name="revoke"),
    # The only pages open without logging in besides logging in itself: each needs a valid key.
    path("w/<str:key>/", views.shared, name="shared"),
    re_path(r"^w/(?P<key>[A-Za-z0-9_-]+)/grafiek\.(?P<fmt>png|svg)$", views.shared_chart, name="chart"),
]
