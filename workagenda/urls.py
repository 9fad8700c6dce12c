from django.urls import path, re_path

from workagenda import views

app_name = "workagenda"
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
