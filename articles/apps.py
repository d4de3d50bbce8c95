from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Briefs"

    def ready(self):
        from newsroom import caching

        caching.watch_content()
