from django.urls import path, re_path

from coverage import views

app_name = "coverage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("regios/", views.comparison, name="comparison"),
    path("niet-verankerd/", views.orphans, name="orphans"),
    path("prioriteit/", views.priority, name="priority"),
    re_path(r"^prioriteit/grafiek\.(?P<fmt>png|svg)$", views.priority_chart, name="priority_chart"),
    re_path(r"^grafiek/(?P<name>dekking|heatmap|regios)\.(?P<fmt>png|svg)$", views.chart, name="chart"),
    re_path(r"^export/(?P<name>dekking|heatmap|regios)\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
]
