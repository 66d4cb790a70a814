"""The consortium platform: `create_app(config=None)` assembles it from small register steps."""
import os
from pathlib import Path

from flask import Flask, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import Config, check_production, instance_secret_key
from .crypto import instance_data_key, parse_data_key
from .extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate
from . import logs
from .params import register_converters

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None) -> Flask:
    """Build the application. `config` is a Config class or a dict of overrides (tests use both)."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=os.environ.get("CONSORTIUM_INSTANCE") or str(ROOT / "instance"))
    logs.install()  # no ID number, phone or password in any log record from here on
    register_config(app, config)
    register_converters(app)
    register_extensions(app)
    register_i18n(app)
    register_auth(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_template_context(app)
    register_error_handlers(app)
    register_cli(app)
    return app


def register_config(app: Flask, config) -> None:
    overrides = {}
    if isinstance(config, dict):
        base, overrides = Config, config
    else:
        base = config or Config
    app.config.from_object(base)
    app.config.update(Config.from_environment())
    app.config.update(overrides)
    check_production(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "consortium.db")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if not app.config.get("DATA_KEY"):
        app.config["DATA_KEY"] = instance_data_key(app.instance_path)
    parse_data_key(app.config["DATA_KEY"])  # a malformed key stops the start, before any data is written
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = (app.config.get("REDIS_URL")
                                               or "sqlitefile://" + str(Path(app.instance_path) / "ratelimit.sqlite"))
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis", "rediss")):
        app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record):
    """SQLite ignores foreign keys unless asked on every connection."""
    if dbapi_connection.__class__.__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        # Readers keep reading while one request writes (gunicorn runs several threads and workers).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (every model, for Flask-Migrate)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    from .auth import ratelimit  # noqa: F401  (registers the shared sqlitefile:// storage)

    limiter.init_app(app)
    from .stats import figure_cache

    figure_cache.init_app(app)  # the year figures' data version, bumped by every committed write


def select_locale():
    from flask import has_request_context
    from flask_login import current_user

    if not has_request_context():
        return "zh_Hans"
    languages = app_languages()
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return "zh_Hans"


def app_languages():
    from flask import current_app

    return current_app.config["LANGUAGES"]


def register_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(ROOT / "translations"))


def register_auth(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from .auth import sessions

    sessions.init_app(app)
    from .audit import views as audit_views

    audit_views.init_app(app)  # registered before the request hooks: runs after their commit or rollback
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("请先登录")
    login_manager.login_message_category = "warning"


def register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .audit.views import bp as audit_bp
    from .auth.views import bp as auth_bp
    from .book.services import book_frame
    from .book.views import bp as book_bp
    from .home.views import bp as home_bp
    from .imports.views import bp as imports_bp
    from .jobs import views_students  # noqa: F401  (the student page, on the jobs blueprint)
    from .jobs.views import bp as jobs_bp
    from .matching.views import bp as matching_bp
    from .members.views import bp as members_bp
    from .people.views import bp as people_bp
    from .records.views import bp as records_bp
    from .stats.report import use_book_frame
    from .stats.views import bp as stats_bp
    from .supply.views import bp as supply_bp
    from .supervision.evaluations import install_completion_gate
    from .supervision import views_records  # noqa: F401  (evaluations, incidents, exports on the blueprint)
    from .supervision.views import bp as supervision_bp
    from .training import views_attendance  # noqa: F401  (day-by-day attendance, on the training blueprint)
    from .training.views import bp as training_bp
    from .teachers.views import bp as teachers_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(members_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(supervision_bp)
    install_completion_gate()
    app.register_blueprint(matching_bp)
    app.register_blueprint(training_bp)
    app.register_blueprint(teachers_bp)
    app.register_blueprint(supply_bp)
    app.register_blueprint(records_bp)
    app.register_blueprint(stats_bp)
    app.register_blueprint(book_bp)
    use_book_frame(book_frame)  # the year page and exports of stats read the book's years and commitments
    app.register_blueprint(imports_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # the API takes bearer tokens only, never the session cookie


def register_request_hooks(app: Flask) -> None:
    """One request, one transaction: commit once when it succeeded, roll back otherwise."""

    @app.after_request
    def commit_session(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                    "frame-ancestors 'none'")
        return response

    @app.teardown_request
    def rollback_on_error(exc):
        if exc is not None:
            db.session.rollback()

    @app.before_request
    def remember_language_choice():
        lang = request.args.get("lang")
        if lang in app.config["LANGUAGES"]:
            session["lang"] = lang


def register_template_context(app: Flask) -> None:
    from . import vocab
    from .home.navigation import navigation_for

    app.jinja_env.globals["vocab"] = vocab  # templates read labels, badges and rule sets from the vocabulary

    @app.context_processor
    def inject_navigation():
        from flask_login import current_user

        from .access import is_province_admin
        from .members.context import current_consortium_or_none

        return {
            "nav_items": navigation_for(current_user),
            "can_switch_consortium": current_user.is_authenticated and is_province_admin(current_user),
            "current_consortium": current_consortium_or_none(),
            "languages": app.config["LANGUAGES"],
            "current_locale": str(select_locale()),
        }

    @app.template_filter("localtime")
    def localtime(value, fmt: str = "%Y-%m-%d %H:%M"):
        """A stored time (UTC) as people read it: Asia/Shanghai, one format everywhere."""
        from .timeutil import to_local

        local = to_local(value)
        return local.strftime(fmt) if local is not None else "—"

    @app.template_global()
    def colon() -> str:
        """The colon after a label: full-width in Chinese, ': ' in English."""
        return "：" if str(select_locale()).startswith("zh") else ": "

    @app.template_global()
    def paren(value) -> str:
        """A value in brackets after a word: （…） in Chinese, ' (…)' in English."""
        from markupsafe import Markup

        return Markup("（{}）" if str(select_locale()).startswith("zh") else " ({})").format(value)

    @app.template_filter("localdate")
    def localdate(value):
        """The Asia/Shanghai calendar day of a stored time."""
        return localtime(value, "%Y-%m-%d")

    @app.template_global()
    def all_consortia():
        from flask_login import current_user

        from .members.services import list_consortia

        return list_consortia(current_user) if current_user.is_authenticated else []


def register_error_handlers(app: Flask) -> None:
    from .errors import register_error_handlers as register

    register(app)


def register_cli(app: Flask) -> None:
    from .audit.cli import audit_cli
    from .auth.cli import user_cli
    from .book.cli import book_cli
    from .demo.cli import demo_cli, setup_command
    from .imports.cli import import_command, sweep_uploads_command
    from .matching.cli import match_cli
    from .members.cli import consortium_cli
    from .stats.cli import stats_cli
    from .supervision.cli import supervision_cli
    from .worker_cli import jobs_cli, rq_cli

    for group in (user_cli, consortium_cli, demo_cli, rq_cli, setup_command, match_cli, import_command, stats_cli,
                  book_cli, supervision_cli, audit_cli, sweep_uploads_command, jobs_cli):
        app.cli.add_command(group)
