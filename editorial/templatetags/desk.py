from django import template

from editorial.desk import desk_of

register = template.Library()


@register.simple_tag
def desk(user):
    """The sections of `user`'s desk (editorial.desk)."""
    return desk_of(user)
