from django.urls import path

from suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("voorstellen/<int:pk>/<int:number>/overnemen/", views.accept, name="accept"),
    path("voorstellen/<int:pk>/<int:number>/afwijzen/", views.dismiss, name="dismiss"),
    path("voorstellen/thema/<int:pk>/", views.theme_accept, name="theme_accept"),
]
