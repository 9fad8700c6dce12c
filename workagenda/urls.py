from django.urls import path, re_path

from workagenda import views

app_name = "workagenda"

# A region's pages show its agendas, so they are served from here, under their own namespace.
region_urls = (
    [
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
    ],
    "regions",
)
urlpatterns = [
    path("doelen/", views.goal_table, name="goals"),
    path("doelen/<int:pk>/", views.goal_detail, name="goal"),
    path("doelen/<int:pk>/aanbeveling/<int:number>/notitie/", views.link_note, name="link_note"),
    path("doelen/importeren/", views.goal_import, name="goal_import"),
    re_path(
        r"^doelen/importeren/voorbeeld\.(?P<fmt>csv|xlsx)$", views.goal_import_template, name="goal_import_template"
    ),
    path("koppelen/", views.link_themes, name="link_themes"),
    path("themas/<int:pk>/opgaven/", views.theme_tasks, name="theme_tasks"),
    path("koppelen/<int:pk>/", views.link_grid, name="link_grid"),
]
