"""`flask book docx` / `flask book annex3`: the recommendation book and annex 3 as DOCX files."""
import click
from flask.cli import AppGroup

from ..errors import DomainError
from ..members.services import find_consortium
from . import services
from .docx_book import annex3_docx, to_docx

book_cli = AppGroup("book", help="The recommendation book (推荐书) as the province receives it.")


def _consortium(name):
    try:
        return find_consortium(name)
    except DomainError as exc:
        raise click.ClickException(exc.message)


@book_cli.command("docx")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True, help="File to write.")
@click.option("--consortium", "consortium_name", help="Consortium name (default: the default consortium).")
def docx_command(out, consortium_name):
    """Write the book (annex 2) with the consortium's base year and first committed year."""
    consortium = _consortium(consortium_name)
    book = services.book_document(consortium)
    with open(out, "wb") as fh:
        fh.write(to_docx(book))
    settings = services.settings_of(consortium.id)
    click.echo(f"wrote {out} ({consortium.name}, {settings.base_year} actual, "
               f"{settings.first_committed_year} committed)")


@book_cli.command("annex3")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True, help="File to write.")
@click.option("--consortium", "consortium_name", help="Consortium name (default: the default consortium).")
def annex3_command(out, consortium_name):
    """Write annex 3 (推荐名单汇总表) for the consortium's recommending unit, as its own document."""
    consortium = _consortium(consortium_name)
    settings = services.settings_of(consortium.id)
    filler = " ".join(x for x in (settings.filler_name, settings.filler_contact) if x)
    with open(out, "wb") as fh:
        fh.write(annex3_docx(settings.recommending_unit or "", filler, [consortium.name]))
    click.echo(f"wrote {out}")


@book_cli.command("bureau")
@click.option("--username", required=True)
@click.option("--city", required=True, help="The city whose consortia it reviews, e.g. 郑州市.")
@click.option("--unit", "unit_name", required=True, help="推荐单位, e.g. 郑州市教育局.")
@click.option("--password", help="Password (random when not given; printed once).")
def bureau_command(username, city, unit_name, password):
    """Create a recommending unit's account (推荐单位, a city education bureau)."""
    import secrets

    from ..errors import ValidationError
    from ..extensions import db
    from . import review

    password = password or secrets.token_urlsafe(9)
    try:
        review.create_bureau(None, username=username, password=password, city=city, unit_name=unit_name,
                             bootstrap=True)
    except ValidationError as exc:
        raise click.ClickException("; ".join(f"{k}: {v}" for k, v in exc.fields.items()) or exc.message)
    db.session.commit()
    click.echo(f"created recommending unit {unit_name} ({city}): {username} / {password}")
