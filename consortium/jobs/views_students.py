"""The student's page: the record their school keeps, with the placements the viewer may see."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..people import services as people_services
from ..people.forms import AccountForm, AvailabilityForm, RevealForm
from ..vocab import ADMISSION_ROUTES, GENDERS, OUTCOMES, PATHWAYS
from ..people.views import account_of
from .models import Placement
from .placements import list_placements
from .views_common import bp
from ..web import post_action


@bp.get("/students/<int:student_id>")
@login_required
def student_detail(student_id):
    student = people_services.get_student(current_user, student_id)
    placements = db.session.scalars(list_placements(current_user, student.school.consortium_id)
                                    .where(Placement.student_id == student.id)).all()
    return render_template("people/student_detail.html", student=student, placements=placements,
                           can_edit=people_services.can_manage_people_of(current_user, student.school),
                           labels={"gender": GENDERS, "pathway": PATHWAYS, "admission_route": ADMISSION_ROUTES,
                                   "outcome": OUTCOMES},
                           account=account_of(student), account_form=AccountForm(),
                           reveal_form=(RevealForm(formdata=None)
                                        if people_services.may_reveal_student(current_user, student) else None),
                           availability_form=(AvailabilityForm(obj=student)
                                              if people_services.can_set_availability(current_user, student) else None))


@bp.post("/students/<int:student_id>/availability")
@login_required
def student_availability(student_id):
    student = people_services.get_student(current_user, student_id)
    form = AvailabilityForm()
    post_action(form, lambda: people_services.set_availability(current_user, student, form.available_from.data,
                                                               form.available_to.data),
                _("可实习时间已保存"))
    return redirect(url_for("jobs.student_detail", student_id=student.id) + "#availability")


