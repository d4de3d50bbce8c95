import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

# The full-text index exists on PostgreSQL only: SQLite searches without it. Its
# expression must stay the one articles.models.search_document() builds, or the
# planner will not use it.
SEARCH_INDEX_SQL = """
CREATE INDEX article_search ON articles_article USING gin ((
    setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'B')
))
"""


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_INDEX_SQL)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('correction', 'Correction'), ('clarification', 'Clarification')], default='correction', help_text='Correction: something was wrong. Clarification: it was right but could mislead.', max_length=20)),
                ('text', models.TextField(help_text="Shown to readers as written: say what was wrong and what is right, e.g. “An earlier version gave the foreign minister's first name as Gabi; he is Eli Cohen.”")),
                ('published_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, help_text='The date readers see on the correction.', verbose_name='dated')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='articles.article')),
            ],
            options={
                'ordering': ['-published_at', '-pk'],
            },
        ),
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
