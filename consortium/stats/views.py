"""Pages of the recommendation book for the secretariat: the year's figures, drill-down, downloads,
dashboard and the province list (annex 3). Permissions are checked in `services`."""
from decimal import Decimal

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..figures import book
from ..members.context import current_consortium
from ..timeutil import report_year
from ..vocab import NARRATIVES
from ..web import optional_year_arg, send_download, year_arg, year_list_arg
from . import export, report, services

bp = Blueprint("stats", __name__, url_prefix="/stats")


def _book_year() -> int:
    """The year a book page shows: ?year=, else the last closed year (timeutil.report_year, docs/book.md)."""
    return year_arg(default=report_year())


@bp.get("/year")
@login_required
def year_page():
    """The book's own columns (base year actual, first committed year committed; docs/book.md); `?year=` and
    `?compare=` add actual columns of other years to compare."""
    consortium = current_consortium()
    extra = [y for y in (optional_year_arg("year"), optional_year_arg("compare")) if y is not None]
    data = services.year_page(current_user, consortium, extra)
    return render_template("stats/year.html", consortium=consortium, sections=book.SECTIONS,
                           formats=list(export.FORMATS), narratives=NARRATIVES, **data)


@bp.get("/drill/<key>")
@login_required
def drill(key):
    consortium = current_consortium()
    data = services.drill(current_user, consortium, key, _book_year())
    return render_template("stats/drill.html", consortium=consortium, record_types=services.RECORD_TYPES, **data)


@bp.get("/drill/<key>/xlsx")
@login_required
def drill_xlsx(key):
    consortium = current_consortium()
    year = _book_year()
    data = services.drill_xlsx(current_user, consortium, key, year)
    return send_download(data, f"指标明细-{key}-{year}.xlsx", export.XLSX_MIMETYPE)


@bp.get("/download/<fmt>")
@login_required
def download(fmt):
    if fmt not in export.FORMATS:
        abort(404)
    consortium = current_consortium()
    years = year_list_arg(default=report.book_frame(consortium.id).base_year)
    return send_download(*services.download(current_user, consortium, years, fmt))


@bp.get("/dashboard")
@login_required
def dashboard():
    consortium = current_consortium()
    data = services.dashboard(current_user, consortium, _book_year())
    chart_titles = [("placements_month", _("按月岗位安排（按开始月份）")), ("fill_rate_month", _("按月岗位填充率")),
                    ("placements_kind", _("岗位安排：按岗位类型")), ("placements_enterprise", _("岗位安排：按企业")),
                    ("training", _("培训人日：按培训类型和对象")), ("teachers", _("师资交流（近五年）")),
                    ("trend", _("主要指标年度趋势"))]
    key_labels = {key: book.metric_for(key).label for key in data["headline"]}
    return render_template("stats/dashboard.html", consortium=consortium, chart_titles=chart_titles,
                           key_labels=key_labels, **data)


@bp.get("/province")
@login_required
def province():
    data = services.province(current_user, _book_year())
    return render_template("stats/province.html", **data)


@bp.app_template_filter("book_value")
def book_value(value):
    """A figure as shown on the pages: — for null, names joined by 、, whole amounts without decimals (1500, not
    1500.00), as the book prints them."""
    if isinstance(value, Decimal):
        return export.committed_text(value)
    text = export.text_value(value)
    return text if text != "" else "—"


@bp.app_template_filter("metric_label")
def metric_label(metric):
    """The metric's label with each part translated."""
    from flask_babel import gettext

    return " · ".join(gettext(str(p)) for p in metric.label_parts)


@bp.app_template_filter("committed_value")
def committed_value(value):
    """A committed value as the book prints it: 5, not 5.00."""
    return export.committed_text(value) or "—"
