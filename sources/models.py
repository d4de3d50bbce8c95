from django.db import models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify

from brieftext.tokens import name_words

from .validators import validate_web_url, web_url_or_blank


class OutletManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Outlet(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "News organisation"
        WIRE = "wire", "Wire service"
        GOVERNMENT = "government", "Government"
        NGO = "ngo", "NGO"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=200, help_text="As the outlet writes it, e.g. “The Guardian”. Unique, ignoring case."
    )
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the outlet's web address.")
    homepage = models.URLField(
        max_length=500, blank=True, validators=[validate_web_url], help_text="Optional. http(s) only."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWS)
    description = models.TextField(blank=True, help_text="What readers should know about this outlet.")

    objects = OutletManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="outlet_name_unique_ignoring_case",
                violation_error_message="An outlet with this name already exists.",
            ),
            models.CheckConstraint(condition=web_url_or_blank("homepage"), name="outlet_homepage_is_web_url"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Outlet, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:outlet", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.name,)


class Source(models.Model):
    """One cited document: an article, a press release, a transcript."""

    title = models.CharField(max_length=500)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="sources")
    published_on = models.DateField("publication date", db_index=True)
    url = models.URLField(
        "link",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="Where readers can read it. Two sources cannot share a link.",
    )
    archived_url = models.URLField(
        "archived copy",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="A permanent copy, e.g. on the Wayback Machine, in case the link dies.",
    )
    accessed_on = models.DateField("accessed", null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "title", "published_on"],
                name="source_unique_per_outlet_title_date",
                violation_error_message="This outlet already has a source with this title and date.",
            ),
            models.UniqueConstraint(
                fields=["url"],
                condition=~models.Q(url=""),
                name="source_url_unique_when_given",
                violation_error_message="Another source already has this link.",
            ),
            models.CheckConstraint(condition=web_url_or_blank("url"), name="source_url_is_web_url"),
            models.CheckConstraint(
                condition=web_url_or_blank("archived_url"), name="source_archived_url_is_web_url"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.outlet}, {self.published_on:%d %b %Y})"


class PersonManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class PersonQuerySet(models.QuerySet):
    def sharing_words_with(self, words):
        """People with a word of one of their names among `words` (see PersonNameWord)."""
        return self.filter(pk__in=PersonNameWord.objects.filter(word__in=words).values("person_id"))


class Person(models.Model):
    """Someone quoted in a brief, or one of the newsroom's own writers."""

    full_name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the person's web address.")
    role = models.CharField(
        "role or title", max_length=200, blank=True, help_text="E.g. “US Secretary of State”."
    )
    organisation = models.CharField(max_length=200, blank=True)
    other_names = models.TextField(
        blank=True,
        help_text="Other names used for them in text, one per line, "
        "e.g. “Antony J. Blinken” or just “Blinken”.",
    )

    objects = PersonManager.from_queryset(PersonQuerySet)()

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name

    @transaction.atomic
    def save(self, *args, **kwargs):
        # One transaction: what reads the directory after the commit finds the words with the person.
        if not self.slug:
            self.slug = unique_slug(Person, self.full_name)
        super().save(*args, **kwargs)
        self.name_words.all().delete()
        PersonNameWord.objects.bulk_create(self.name_word_rows())

    def get_absolute_url(self):
        return reverse("public:person", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def name_word_rows(self):
        words = {word for name in self.names for word in name_words(name)}
        return [PersonNameWord(person=self, word=word[:200]) for word in sorted(words)]

    @property
    def names(self):
        """Every name this person goes by in text, the full name first."""
        others = [line.strip() for line in self.other_names.splitlines()]
        return [self.full_name, *(name for name in others if name)]


class PersonNameWord(models.Model):
    """One word of one of a person's names, as the speaker rules compare names.

    Kept by Person.save(). It finds the few people a brief may name without
    reading the whole directory (see Person.objects.sharing_words_with).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_words")
    word = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["word", "person"], name="person_name_word_once")]

    def __str__(self):
        return self.word


def unique_slug(model, text, max_length=200):
    """A slug for `text` not yet taken in `model` (costs a query per clash)."""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    slug, suffix = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug = f"{base[: max_length - len(str(suffix)) - 1]}-{suffix}"
        suffix += 1
    return slug
