from django.urls import path

from prioritisation import views

app_name = "prioritisation"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("nieuw/", views.round_create, name="create"),
    path("vergelijken/", views.comparison, name="comparison"),
    path("vergelijken/grafiek.<str:fmt>", views.comparison_chart, name="comparison_chart"),
    path("<int:pk>/", views.results, name="results"),
    path("<int:pk>/stembiljet/", views.ballot, name="ballot"),
    path("<int:pk>/bewerken/", views.round_edit, name="edit"),
    path("<int:pk>/sluiten/", views.round_close, name="close"),
    path("<int:pk>/wijzigingen/", views.round_history, name="history"),
    path("<int:pk>/grafiek/<slug:chart>.<str:fmt>", views.results_chart, name="results_chart"),
]
