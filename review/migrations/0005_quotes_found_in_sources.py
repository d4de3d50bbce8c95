from collections import Counter

from django.db import migrations, models

from brieftext.verification import SourceText, match_quote


def count_quotes_found(apps, schema_editor):
    """Give the checks stored before the count the number the brief page used to work out on each
    view: the quotes found word for word in their source's latest archived copy."""
    AttributionCheck = apps.get_model("review", "AttributionCheck")
    ArchiveState = apps.get_model("archive", "ArchiveState")
    Quote = apps.get_model("articles", "Quote")
    archived = ArchiveState.objects.filter(latest__isnull=False)
    found = Counter()
    source_id = text = None
    for quote in Quote.objects.filter(source__in=archived.values("source")).order_by("source_id").iterator():
        if quote.source_id != source_id:
            source_id = quote.source_id
            text = SourceText(archived.select_related("latest").get(source_id=source_id).latest.text)
        match = match_quote(quote.text, text)
        if match is not None and match.found:
            found[quote.article_id] += 1
    for article_id, count in found.items():
        AttributionCheck.objects.filter(article_id=article_id).update(quotes_found=count)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_roles"),
        ("articles", "0008_slug_any_script"),
        ("review", "0004_source_warnings_may_be_accepted"),
    ]

    operations = [
        migrations.AddField(
            model_name="attributioncheck",
            name="quotes_found",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Quotes found word for word in their cited source's archived copy, as readers are told.",
            ),
        ),
        migrations.RunPython(count_quotes_found, migrations.RunPython.noop),
    ]
