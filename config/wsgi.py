import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# Issue #13: web requests run under a PostgreSQL statement timeout (seconds, 0: none), the
# other processes (migrate, commands, Celery) only when DATABASE_STATEMENT_TIMEOUT says so.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", os.environ.get("WEB_STATEMENT_TIMEOUT", "30"))
application = get_wsgi_application()
