"""Student and teacher records, owned by their school or employer."""
from ..crypto import HASH_LENGTH, Encrypted, keep_blind_indexes
from ..extensions import db
from ..timeutil import utcnow
from ..vocab import ADMISSION_ROUTES, GENDERS, OUTCOMES, PATHWAYS, POSTS


@keep_blind_indexes
class Student(db.Model):
    """A student registered by a member school. ID number and phone are sensitive: stored encrypted, with a
    keyed hash beside each for look-ups (crypto.py)."""

    __tablename__ = "student"
    id = db.Column(db.Integer, primary_key=True)
    school_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    student_no = db.Column(db.String(40), nullable=False)
    name = db.Column(db.String(100), nullable=False)
    id_number = db.Column(Encrypted(18, "student.id_number"))
    id_number_hash = db.Column(db.String(HASH_LENGTH), index=True, info={"blind_index_of": "id_number"})
    gender = db.Column(db.String(10), info={"vocab": GENDERS})
    phone = db.Column(Encrypted(20, "student.phone"))
    phone_hash = db.Column(db.String(HASH_LENGTH), index=True, info={"blind_index_of": "phone"})
    major = db.Column(db.String(100), nullable=False)
    major_code = db.Column(db.String(12))
    skills = db.Column(db.JSON, nullable=False, default=list)
    city = db.Column(db.String(50))
    enrol_year = db.Column(db.Integer)
    graduation_year = db.Column(db.Integer)
    pathway = db.Column(db.String(30), nullable=False, default="none", info={"vocab": PATHWAYS})
    admission_route = db.Column(db.String(30), nullable=False, default="regular", info={"vocab": ADMISSION_ROUTES})
    outcome = db.Column(db.String(30), info={"vocab": OUTCOMES})
    outcome_city = db.Column(db.String(50))
    outcome_employer_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"))  # destination
    available_from = db.Column(db.Date)  # 可实习时间: when the student can take a placement
    available_to = db.Column(db.Date)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    school = db.relationship("Member", foreign_keys=[school_id])
    outcome_employer = db.relationship("Member", foreign_keys=[outcome_employer_id])
    __table_args__ = (
        db.UniqueConstraint("school_id", "student_no"),
        # A school's graduating class (the year figures, the unplaced list and the dashboard's alerts).
        db.Index("ix_student_school_graduation", "school_id", "graduation_year"),
        db.CheckConstraint("graduation_year IS NULL OR enrol_year IS NULL OR graduation_year >= enrol_year",
                           name="graduation_after_enrol"),
        db.CheckConstraint("available_to IS NULL OR available_from IS NULL OR available_to >= available_from",
                           name="available_in_order"),
    )

    kind = "student"

    @property
    def label(self) -> str:
        return f"{self.name}（{self.student_no}）"

    @property
    def org(self):
        return self.school

    @property
    def birth_date(self):
        """From the ID number (digits 7–14); None without one."""
        from ..tables.normalize import birth_date_from_id

        return birth_date_from_id(self.id_number)


class Teacher(db.Model):
    """A school teacher or an enterprise expert (企业导师/能工巧匠), owned by their employer."""

    __tablename__ = "teacher"
    id = db.Column(db.Integer, primary_key=True)
    employer_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    staff_no = db.Column(db.String(40), nullable=False)
    name = db.Column(db.String(100), nullable=False)
    subject = db.Column(db.String(100))
    skills = db.Column(db.JSON, nullable=False, default=list)
    dual_qualified = db.Column(db.Boolean, nullable=False, default=False)
    dual_evidence = db.Column(db.String(500))
    post = db.Column(db.String(20), nullable=False, default="fixed", info={"vocab": POSTS})
    city = db.Column(db.String(50))
    # The school an enterprise expert serves, when posted to one (固定岗/流动岗).
    serves_school_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    employer = db.relationship("Member", foreign_keys=[employer_id])
    serves_school = db.relationship("Member", foreign_keys=[serves_school_id])
    __table_args__ = (db.UniqueConstraint("employer_id", "staff_no"),)

    kind = "teacher"

    @property
    def label(self) -> str:
        return f"{self.name}（{self.staff_no}）"

    @property
    def org(self):
        return self.employer

    @property
    def is_enterprise_expert(self) -> bool:
        return self.employer is not None and self.employer.type == "enterprise"
