from django.urls import path

from . import views

app_name = "sources"

urlpatterns = [
    path("sources/", views.index, name="index"),
    path("outlets/<slug:slug>/", views.outlet, name="outlet"),
    path("people/<slug:slug>/", views.person, name="person"),
]
