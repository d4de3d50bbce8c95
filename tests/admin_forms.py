"""Reading admin forms as a browser would submit them."""


def form_data(form):
    """What a browser submits for `form` (an Element from parse_html), before any button is pressed."""
    data = {}
    for field in form.find_all("input"):
        name, kind = field.attrs.get("name"), field.attrs.get("type", "text")
        if not name or kind in ("submit", "button", "image", "reset", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if "checked" in field.attrs:
                data[name] = field.attrs.get("value", "on")
            continue
        data[name] = field.attrs.get("value", "")
    for field in form.find_all("textarea"):
        # HTML drops the newline that starts a textarea's content; html.parser keeps it.
        data[field.attrs["name"]] = field.text.removeprefix("\n")
    for field in form.find_all("select"):
        options = field.find_all("option")
        chosen = [option.attrs.get("value", option.text) for option in options if "selected" in option.attrs]
        if "multiple" in field.attrs:
            data[field.attrs["name"]] = chosen
        elif chosen or options:
            data[field.attrs["name"]] = (
                chosen[0] if chosen else options[0].attrs.get("value", options[0].text)
            )
    return data


def form_errors(response):
    context = response.context
    errors = dict(context["adminform"].form.errors)
    for inline in context["inline_admin_formsets"]:
        errors[inline.formset.prefix] = [*inline.formset.errors, *inline.formset.non_form_errors()]
    return errors
