import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.services import archived_links
from articles.models import Article
from brieftext.attribution import check_brief
from brieftext.parser import BriefFormatError, parse_brief
from review.services import article_report
from sources.directory import people_for


class Command(BaseCommand):
    help = (
        "Report attribution findings for stored briefs (all of them when no slug is given) "
        "or for a brief file without importing it (checked against the archived copies of stored "
        "sources with the same links). Exit status 1 when any brief has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG")
        parser.add_argument("--file", action="append", default=[], metavar="FILE", help="Check a brief file.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *, slugs, file, format, **options):
        reports = list(self.file_reports(file))
        reports += [(article.slug, article_report(article)) for article in self.articles(slugs, file)]
        if format == "json":
            self.stdout.write(
                json.dumps([report.as_json(name) for name, report in reports], indent=2, ensure_ascii=False)
            )
        else:
            for name, report in reports:
                self.write_text(name, report)
        if any(report.errors for _, report in reports):
            raise CommandError("attribution errors found", returncode=1)

    def articles(self, slugs, files):
        if not slugs and files:
            return []
        articles = Article.objects.order_by("slug")
        if slugs:
            articles = articles.filter(slug__in=slugs)
            missing = set(slugs) - set(articles.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"no brief with slug {', '.join(sorted(missing))}")
        return articles

    def file_reports(self, files):
        for name in files:
            try:
                parsed = parse_brief(Path(name).read_bytes())
            except OSError as error:
                raise CommandError(f"{name}: {error.strerror}") from None
            except BriefFormatError as error:
                raise CommandError(f"{name}:{error.line}: {error.reason}") from None
            yield (
                name,
                check_brief(
                    parsed.body,
                    parsed.references,
                    people=people_for(parsed.body),
                    archives=archived_links(parsed.references),
                ),
            )

    def write_text(self, name, report):
        self.stdout.write(
            f"{name}: {report.cited_sentence_count}/{report.sentence_count} sentences cited, "
            f"{len(report.errors)} errors, {len(report.warnings)} warnings"
        )
        for finding in report.findings:
            where = f"¶{finding.paragraph}" if finding.paragraph else "list"
            if finding.sentence:
                where += f" s{finding.sentence}"
            self.stdout.write(f"  {finding.severity:7} {finding.code:26} {where:8} {finding.text}")
