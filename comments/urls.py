from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [
    path("<int:content_type_id>/<int:object_id>/", views.comment_create, name="create"),
    path("<int:content_type_id>/<int:object_id>/volgen/", views.follow, name="follow"),
    path("<int:pk>/bewerken/", views.comment_edit, name="edit"),
    path("<int:pk>/verbergen/", views.comment_hide, name="hide"),
]
