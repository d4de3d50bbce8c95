from pathlib import Path

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.services import brief_slug
from brieftext.parser import parse_brief
from editorial.services import brief_import

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Publish the demo briefs shipped in editorial/demo/, leaving any already stored untouched."

    def handle(self, **options):
        for path in sorted(DEMO_DIR.glob("*.txt")):
            parsed = parse_brief(path.read_bytes())
            if Article.objects.filter(slug=brief_slug(parsed.headline)).exists():
                self.stdout.write(f"{path.name}: already loaded")
                continue
            article = brief_import(parsed=parsed, publish=True).article
            self.stdout.write(f"{path.name}: published at {article.get_absolute_url()}")
