from django.urls import path

from regioplan import views

app_name = "regioplan"
urlpatterns = [
    path("", views.region_list, name="list"),
    path("<slug:slug>/", views.region_detail, name="region"),
    path("<slug:slug>/themas/<int:pk>/", views.theme_detail, name="theme"),
    path("<slug:slug>/<slug:agenda>/werkagenda-per-jaar/", views.agenda_timeline, name="timeline"),
    path("<slug:slug>/<slug:agenda>/werkagenda-per-jaar/nieuw/", views.agenda_item_create, name="item-create"),
    path("<slug:slug>/<slug:agenda>/werkagenda-per-jaar/<int:pk>/", views.agenda_item_update, name="item-update"),
    path(
        "<slug:slug>/<slug:agenda>/werkagenda-per-jaar/<int:pk>/verwijderen/",
        views.agenda_item_delete,
        name="item-delete",
    ),
]
