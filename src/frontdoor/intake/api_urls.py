from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("messages", views.api_messages, name="messages"),
    path("messages/<str:source>/<str:message_id>", views.api_message, name="message"),
    path("openapi.json", views.api_openapi, name="openapi"),
    path("exchange-v1.schema.json", views.api_exchange_schema, name="exchange-schema"),
]
