from django.db import migrations

# PostgreSQL only (SQLite searches without an index). The document is stored, so ranking and
# matching read it instead of parsing every matching body again; the expression must stay
# the one articles.models.search_document() describes.
STORED_DOCUMENT_SQL = """
DROP INDEX IF EXISTS article_search;
ALTER TABLE articles_article ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'B')
) STORED;
CREATE INDEX article_search ON articles_article USING gin (search_document);
"""

EXPRESSION_INDEX_SQL = """
DROP INDEX IF EXISTS article_search;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document;
CREATE INDEX article_search ON articles_article USING gin ((
    setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'B')
));
"""


def store_search_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STORED_DOCUMENT_SQL)


def index_search_expression(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EXPRESSION_INDEX_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_quote_speaker_confirmed"),
    ]

    operations = [
        migrations.RunPython(store_search_document, index_search_expression, elidable=False),
    ]
