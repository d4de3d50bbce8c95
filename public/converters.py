class UnicodeSlugConverter:
    """A slug in any script, as Article.slug allows (Django's own `slug` converter takes ASCII only)."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
