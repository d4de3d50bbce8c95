"""Reading and submitting admin forms as a browser would."""

from django.urls import reverse


def admin_url(name, *args):
    return reverse(f"admin:{name}", args=args)


def change_url(article):
    return admin_url("articles_article_change", article.pk)


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


def open_form(client, parse_html, url, form_id):
    """GET `url` and return the data its form `form_id` would submit."""
    response = client.get(url)
    assert response.status_code == 200
    return form_data(parse_html(response).find("form", id=form_id))


def open_brief(client, parse_html, article):
    return open_form(client, parse_html, change_url(article), "article_form")


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []
