"""Sign-offs now cover each cited source's title, link, outlet and date: sign-offs that still held
under the fingerprint without them are given the new fingerprint, so they hold as before."""

import hashlib
import json

from django.db import migrations


def _digest(content):
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _fingerprints(article, Citation, Quote):
    """(the fingerprint before this migration, the one after) of the brief as it stands."""
    citations = list(Citation.objects.filter(article=article).select_related("source__outlet"))
    quotes = list(Quote.objects.filter(article=article).order_by("position"))
    before = {
        "body": article.body,
        "citations": sorted((c.key, c.source_id) for c in citations),
        "quotes": [(q.position, q.text, q.speaker_id, q.source_id) for q in quotes],
    }
    after = {
        "body": article.body,
        "citations": sorted(
            [
                c.key,
                c.source_id,
                c.source.title,
                c.source.url,
                c.source.outlet.name,
                c.source.published_on.isoformat(),
            ]
            for c in citations
        ),
        "quotes": sorted([q.position, q.text, q.speaker_id, q.source_id] for q in quotes),
    }
    return _digest(before), _digest(after)


def carry_over(apps, schema_editor):
    SignOff = apps.get_model("review", "SignOff")
    AttributionCheck = apps.get_model("review", "AttributionCheck")
    Citation = apps.get_model("articles", "Citation")
    Quote = apps.get_model("articles", "Quote")
    articles = {signoff.article for signoff in SignOff.objects.select_related("article")}
    for article in articles:
        before, after = _fingerprints(article, Citation, Quote)
        SignOff.objects.filter(article=article, fingerprint=before).update(fingerprint=after)
        AttributionCheck.objects.filter(article=article, fingerprint=before).update(fingerprint=after)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("articles", "0007_slug_help_text"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
