from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:review_id>/", views.review, name="review"),
    path("records/<int:record_id>/split/", views.record_split_view, name="record-split"),
    path("records/<int:record_id>/link/", views.record_link_view, name="record-link"),
]
