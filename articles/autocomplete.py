"""Autocomplete fields of inline rows that read their chosen rows once for the whole formset.

The admin's AutocompleteSelect reads the row it shows, with a query, for every form: a brief's
change form would cost a query or two for each of its references, bylines and quotes. Here the
formset reads the chosen rows of all its forms in one query, and each widget takes its own from
them.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import BaseInlineFormSet


class PreloadedAutocompleteSelect(AutocompleteSelect):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preloaded = {}  # {str(pk): row}, shared by the copies of this widget in a formset's forms

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            row = self.preloaded[key]
            label = self.choices.field.label_from_instance(row)
            options.append(self.create_option(name, row.pk, label, selected, len(options)))
        return [(None, options, 0)]


class PreloadingFormSet(BaseInlineFormSet):
    """Reads, in one query per autocomplete field, the rows its forms show; its rows know their brief;
    its fields are named for screen readers."""

    def add_fields(self, form, index):
        """A row's fields have no label of their own but their column's: say it to screen readers."""
        super().add_fields(form, index)
        for name, field in form.fields.items():
            label = "Delete" if name == "DELETE" else field.label or name
            widget = getattr(field.widget, "widget", field.widget)  # the admin's wrapper of related fields
            widget.attrs.setdefault("aria-label", str(label).capitalize())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            if self.instance.pk is not None:
                setattr(form.instance, self.fk.name, self.instance)
        for name, field in self.form.base_fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, PreloadedAutocompleteSelect):
                continue
            relation = self.model._meta.get_field(name)
            for form in self.forms:
                if relation.is_cached(form.instance) and getattr(form.instance, name) is not None:
                    row = getattr(form.instance, name)
                    widget.preloaded[str(row.pk)] = row
            wanted = {
                str(value)
                for form in self.forms
                if (value := form[name].value()) not in field.empty_values and str(value).isdigit()
            }
            wanted -= widget.preloaded.keys()
            if wanted:
                widget.preloaded.update((str(row.pk), row) for row in field.queryset.filter(pk__in=wanted))


class PreloadedAutocompleteMixin:
    """For an InlineModelAdmin: its autocomplete fields preloaded, with `preload_related` rows joined."""

    formset = PreloadingFormSet
    preload_related = {}  # {field name: [select_related paths]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            related = self.preload_related.get(db_field.name)
            if related:
                kwargs["queryset"] = db_field.remote_field.model._default_manager.select_related(*related)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
