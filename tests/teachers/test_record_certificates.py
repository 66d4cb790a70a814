"""A teacher's record lists the skill certificates carrying the teacher's name, although the teacher package sits
below training: the training package offers them to the page (a template global), nothing is imported upwards."""
from datetime import date

from consortium.extensions import db
from consortium.training.models import Certificate


def test_the_record_lists_certificates_matched_by_name(app, browser, ex_ids):
    with app.app_context():
        db.session.add_all([
            Certificate(consortium_id=ex_ids.consortium, certificate_no="CERT-LI-1", holder_name="李老师", name="电工",
                        level=3, issued_date=date(2024, 6, 1), issuer_name="河南省职业技能鉴定中心"),
            Certificate(consortium_id=ex_ids.consortium, certificate_no="CERT-OTHER", holder_name="别人", name="电工",
                        level=3, issued_date=date(2024, 6, 1), issuer_name="河南省职业技能鉴定中心")])
        db.session.commit()
    browser.login("admin")
    page = browser.get(f"/exchange/teachers/{ex_ids.teacher_a}")
    assert page.status_code == 200
    assert "CERT-LI-1" in page.text and "CERT-OTHER" not in page.text
    assert "CERT-" not in browser.get(f"/exchange/teachers/{ex_ids.teacher_b}").text
