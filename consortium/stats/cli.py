"""`flask stats export`: the recommendation-book figures of one or more years as JSON, CSV, XLSX or DOCX."""
import click
from flask.cli import AppGroup

from ..errors import DomainError
from ..members.services import find_consortium
from ..web import YEAR_MAX, YEAR_MIN
from . import export

stats_cli = AppGroup("stats", help="Recommendation-book figures (推荐书).")


@stats_cli.command("export")
@click.option("--year", "years", type=int, multiple=True, required=True, help="Calendar year; repeat for several.")
@click.option("--format", "fmt", type=click.Choice(list(export.FORMATS)), required=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True, help="File to write.")
@click.option("--consortium", "consortium_name", help="Consortium name (default: the default consortium).")
def export_command(years, fmt, out, consortium_name):
    """Write every metrics.md figure of the given years; missing inputs are reported on stderr."""
    for y in years:
        if not YEAR_MIN <= y <= YEAR_MAX:
            raise click.BadParameter(f"year {y} is outside {YEAR_MIN}–{YEAR_MAX}", param_hint="--year")
    try:
        consortium = find_consortium(consortium_name)
    except DomainError as exc:
        raise click.ClickException(exc.message)
    report = export.build_report(consortium, list(years))
    data = export.render(report, fmt)
    with open(out, "wb") as fh:
        fh.write(data)
    for y in report.years:
        for line in report.missing[y]:
            click.echo(f"{y}: {line}", err=True)
        for key, n in report.over_limit[y].items():
            click.echo(f"{y}: narrative {key} is {n} characters, over its limit", err=True)
    click.echo(f"wrote {out} ({fmt}, {consortium.name}, {', '.join(str(y) for y in report.years)})")
