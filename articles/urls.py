from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.index, name="index"),
    path("briefs/<slug:slug>/", views.brief, name="brief"),
]
