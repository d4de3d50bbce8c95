from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.services import article_export


class Command(BaseCommand):
    help = "Write a brief back in the brief text format."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="Write to FILE instead of standard output."
        )

    def handle(self, *, slug, output, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"no brief with slug {slug!r}")
        try:
            text = article_export(article=article)
        except ValueError as error:
            raise CommandError(f"{slug}: {error}") from None
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            self.stdout.write(text, ending="")
