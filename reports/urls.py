from django.urls import path, re_path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/commentaar/", views.comment, name="comment"),
    path("<int:pk>/maken/", views.make, name="make"),
    re_path(r"^uitgave/(?P<pk>\d+)\.(?P<fmt>pdf|xlsx|html)$", views.download, name="download"),
]
