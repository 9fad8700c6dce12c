from django.urls import path

from regioplan import views

app_name = "regioplan"
urlpatterns = [
    path("<slug:slug>/", views.region_detail, name="region"),
]
