from django.urls import path

from workagenda import views

app_name = "workagenda"
urlpatterns = [
    path("doelen/<int:pk>/", views.goal_detail, name="goal"),
]
