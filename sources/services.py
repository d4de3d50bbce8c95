"""Multi-step writes on the People directory, each in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from .models import Person, PersonNameWord


@transaction.atomic
def people_merge(*, keep, merged, user):
    """Merge the People `merged` into `keep`, who stays: every row naming one of them (their quotes,
    their bylines, whatever else refers to a person) names `keep` instead, their names become other
    names of `keep`, blank role and organisation are filled from theirs, and they are deleted.

    For removing the bogus entries a guess once made (a place or a group filed as a person) and the
    same person filed twice. A row that would then repeat one `keep` already has (both bylined on one
    brief) is removed. Rows are saved one by one, so stored checks and cached pages follow.
    """
    if not (user.has_perm("sources.change_person") and user.has_perm("sources.delete_person")):
        raise PermissionDenied("Only those who may change and delete people can merge them.")
    merged = [person for person in merged if person.pk != keep.pk]
    if not merged:
        raise ValidationError("Choose at least one other person to merge into the one kept.")
    names = list(keep.names)
    for person in merged:
        for relation in Person._meta.related_objects:
            if relation.many_to_many or relation.related_model is PersonNameWord:
                continue  # authors go through Byline; name words follow the names
            _move_rows(relation.related_model, relation.field.name, person, keep)
        names += person.names
        keep.role = keep.role or person.role
        keep.organisation = keep.organisation or person.organisation
    folded = {keep.full_name.casefold()}
    others = []
    for name in names:
        if name.casefold() not in folded:
            folded.add(name.casefold())
            others.append(name)
    keep.other_names = "\n".join(others)
    keep.save()
    for person in merged:
        person.delete()
    return keep


def _move_rows(model, field, person, keep):
    """Make `model`'s rows whose `field` is `person` point at `keep`, dropping those that would repeat."""
    together = [
        [name for name in constraint.fields if name != field]
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and field in constraint.fields
    ]
    for row in model._base_manager.filter(**{field: person}):
        repeats = any(
            model._base_manager.filter(
                **{field: keep}, **{name: getattr(row, name) for name in names}
            ).exists()
            for names in together
        )
        if repeats:
            row.delete()
        else:
            setattr(row, field, keep)
            row.save(update_fields=[field])
