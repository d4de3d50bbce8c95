import os

from django.core.wsgi import get_wsgi_application

from newsroom.limits import reading_whole_bodies

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = reading_whole_bodies(get_wsgi_application())
