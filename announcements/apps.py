from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "announcements"

    def ready(self):
        # streaming (below) renders an `announcement` event with this app's renderer.
        from announcements.serializers import render_for_streaming
        from streaming import render

        render.register("announcement", render_for_streaming)
