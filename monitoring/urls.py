from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("overzicht.<str:fmt>", views.dashboard_chart, name="dashboard-chart"),
    path("doelen/<int:pk>/", views.goal_status, name="goal-status"),
    path("doelen/<int:pk>/indicator-toevoegen/", views.indicator_create, name="indicator-create"),
    path("themas/<int:pk>/", views.theme_status, name="theme-status"),
    path("indicatoren/", views.indicator_list, name="indicators"),
    path("indicatoren/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicatoren/<int:pk>/grafiek.<str:fmt>", views.indicator_chart, name="indicator-chart"),
    path("termijnen/", views.deadlines, name="deadlines"),
    path("importeren/", views.import_upload, name="import"),
    path("importeren/sjabloon-<str:kind>.<str:fmt>", views.import_template, name="import-template"),
]
