"""Reading and submitting admin forms as a browser would."""

from django.urls import reverse

from tests.admin_forms import form_data


def admin_url(name, *args):
    return reverse(f"admin:{name}", args=args)


def change_url(article):
    return admin_url("articles_article_change", article.pk)


def open_form(client, parse_html, url, form_id):
    """GET `url` and return the data its form `form_id` would submit."""
    response = client.get(url)
    assert response.status_code == 200
    return form_data(parse_html(response).find("form", id=form_id))


def open_brief(client, parse_html, article):
    """The brief's change form as a browser opens it: the page, then its script's first heartbeat."""
    data = open_form(client, parse_html, change_url(article), "article_form")
    heartbeat(client, article)
    return data


def heartbeat(client, article):
    """What the change form's script (presence.js) posts when the form opens and every half minute."""
    return client.post(admin_url("articles_article_presence", article.pk))


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []
