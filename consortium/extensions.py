"""Flask extensions, created unbound and initialised in create_app."""
from functools import cached_property

from flask import g
from flask_babel import Babel, Domain, get_locale
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

# Stable constraint names, so migrations can alter and drop them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


class RequestDomain(Domain):
    """The message domain, with its translations resolved once per request and locale instead of per string.

    Flask-Babel resolves the catalogue again on every gettext call (context, locale identifier, cache key);
    a list page makes tens of thousands of calls. The pair (locale, catalogue) is kept on flask.g; a
    forced locale (force_locale) is a different Locale object, so it resolves its own catalogue.
    """

    def get_translations(self):
        if not g:
            return super().get_translations()
        locale = get_locale()
        cached = g.get("_consortium_translations")
        if cached is not None and cached[0] is locale:
            return cached[1]
        translations = super().get_translations()
        g._consortium_translations = (locale, translations)
        return translations


class RequestCachedBabel(Babel):
    """Flask-Babel whose default domain caches its catalogue per request."""

    @cached_property
    def domain_instance(self):
        return RequestDomain(domain=self.domain)


babel = RequestCachedBabel()
bootstrap = Bootstrap5()
limiter = Limiter(key_func=get_remote_address)
