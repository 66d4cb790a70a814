"""The access-control matrix: every route of app.url_map (pages and API operations) is declared here, and
each is exercised for a guest, the province admin, a consortium's admin, an enterprise, a school, a
student, a teacher and a recommending unit (bureau) of another city. Routes that take an id are called with
ids of ANOTHER consortium's records (the demo consortium), guessed in the URL: only the province admin may
get anything but 403/404."""
import io
from datetime import date

import pytest

from consortium.extensions import db

from .. import factories
from ..conftest import csrf_from
from ..factories import PASSWORD

ROLES = ("guest", "province", "admin", "ent_a", "school", "stu", "tea", "bureau")
# A 1×1 PNG: a supporting material of the foreign consortium's book.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
LOGIN = "L"              # guest on a page: redirected to the login form; on the API: 401

# Pages and API operations without an id, read with GET: what guest, province admin, consortium admin,
# enterprise, school, student, teacher and bureau get, in that order. L = the login page (pages) or 401 (API);
# 302 = sent elsewhere (a signed-in user on /login, a candidate's own list, the language switch);
# 404 for the province admin's drill-down of an unknown key. Students and teachers download the blank
# import templates (no data in them). A bureau belongs to no consortium: a consortium's pages answer 404,
# the API 403. The book's versions are 404 while our consortium has submitted none; the outcome drill-down
# needs a school.
GET_PAGES = {
    "home.dashboard": ("/", "L 200 200 200 200 200 200 302"),
    "auth.change_password": ("/account/password", "L 200 200 200 200 200 200 200"),
    "auth.tokens": ("/account/tokens", "L 200 200 200 200 200 200 200"),
    "auth.login": ("/login", "200 302 302 302 302 302 302 302"),
    "auth.list_users": ("/users", "L 200 200 403 403 403 403 403"),
    "auth.create_user": ("/users/new", "L 200 200 403 403 403 403 403"),
    "audit.list_events": ("/audit", "L 200 200 403 403 403 403 403"),
    "audit.export_events": ("/audit.csv", "L 200 200 403 403 403 403 403"),
    "home.favicon": ("/favicon.ico", "301 301 301 301 301 301 301 301"),
    "home.healthz": ("/healthz", "200 200 200 200 200 200 200 200"),
    "home.healthz_ready": ("/healthz/ready", "200 200 200 200 200 200 200 200"),
    "home.set_language": ("/lang/en", "302 302 302 302 302 302 302 302"),
    "bootstrap.static": ("/bootstrap/static/css/bootstrap.min.css", "200 200 200 200 200 200 200 200"),
    "static": ("/static/css/app.css", "200 200 200 200 200 200 200 200"),
    "members.profile": ("/consortium", "L 200 200 200 200 403 403 404"),
    "members.edit_profile": ("/consortium/edit", "L 200 200 403 403 403 403 404"),
    "members.edit_narratives": ("/consortium/narratives", "L 200 200 403 403 403 403 404"),
    "members.edit_year": ("/consortium/years", "L 200 200 403 403 403 403 404"),
    "members.list_members": ("/members", "L 200 200 200 200 403 403 404"),
    "members.create_member": ("/members/new", "L 200 200 403 403 403 403 404"),
    # Enterprise names (on every position list): any user of the consortium; ?kind=school: members only.
    "members.lookup": ("/members/lookup?kind=enterprise&q=企业", "L 200 200 200 200 200 200 404"),
    "teachers.list_engagements": ("/engagements", "L 200 200 200 200 403 403 404"),
    "teachers.create_engagement": ("/engagements/new", "L 200 200 200 200 403 403 404"),
    "teachers.exchange": ("/exchange", "L 200 200 200 200 403 403 404"),
    "imports.upload": ("/imports/", "L 200 200 200 200 403 403 404"),
    "imports.template": ("/imports/templates/students.xlsx", "L 200 200 200 200 200 200 200"),
    "imports.export": ("/exports/students.csv", "L 200 200 403 200 403 403 404"),
    "matching.rounds": ("/matching/", "L 200 200 403 403 403 403 404"),
    "jobs.list_applications": ("/applications", "L 200 200 200 200 302 302 404"),
    "jobs.my_applications": ("/my/applications", "L 403 403 403 403 403 403 404"),
    "jobs.my_placements": ("/my/placements", "L 302 302 302 302 403 403 404"),
    "jobs.recommended": ("/my/recommended", "L 403 403 403 403 403 403 404"),
    "jobs.notifications": ("/notifications", "L 200 200 200 200 200 200 200"),
    "jobs.list_placements": ("/placements", "L 200 200 200 200 302 302 404"),
    "jobs.overlaps": ("/placements/overlaps", "L 200 200 403 403 403 403 404"),
    "jobs.record_placement": ("/placements/record", "L 200 200 403 403 403 403 404"),
    "jobs.list_positions": ("/positions", "L 200 200 200 200 200 200 404"),
    "jobs.create_position": ("/positions/new", "L 200 200 200 403 403 403 404"),
    "jobs.list_programmes": ("/programmes", "L 200 200 200 200 403 403 404"),
    "jobs.create_programme": ("/programmes/new", "L 200 200 403 200 403 403 404"),
    "jobs.unplaced": ("/school/unplaced", "L 200 200 403 200 403 403 404"),
    "records.list_outputs": ("/records/outputs", "L 200 200 200 200 403 403 404"),
    "records.create_output": ("/records/outputs/new", "L 200 200 200 200 403 403 404"),
    "records.list_rd_projects": ("/records/rd", "L 200 200 200 200 403 403 404"),
    "records.create_rd_project": ("/records/rd/new", "L 200 200 200 200 403 403 404"),
    "records.list_reports": ("/records/reports", "L 200 200 200 200 403 403 404"),
    "records.create_report": ("/records/reports/new", "L 200 200 403 403 403 403 404"),
    "records.list_resources": ("/records/resources", "L 200 200 200 200 403 403 404"),
    "records.create_resource": ("/records/resources/new", "L 200 200 200 200 403 403 404"),
    "stats.dashboard": ("/stats/dashboard", "L 200 200 403 403 403 403 404"),
    "stats.province": ("/stats/province", "L 200 200 403 403 403 403 403"),
    "stats.year_page": ("/stats/year", "L 200 200 403 403 403 403 404"),
    "stats.download": ("/stats/download/xlsx", "L 200 200 403 403 403 403 404"),
    "stats.drill": ("/stats/drill/members", "L 404 404 403 403 403 403 404"),
    "people.list_students": ("/students", "L 200 200 403 200 403 403 404"),
    "people.create_student": ("/students/new", "L 200 200 403 200 403 403 404"),
    "people.list_teachers": ("/teachers", "L 200 200 200 200 403 403 404"),
    "people.create_teacher": ("/teachers/new", "L 200 200 200 200 403 403 404"),
    "training.overview": ("/training", "L 200 200 200 200 403 403 404"),
    "training.list_certificates": ("/training/certificates", "L 200 200 200 200 403 403 404"),
    "training.create_certificate": ("/training/certificates/new", "L 200 200 403 200 403 403 404"),
    "training.plan": ("/training/plan", "L 200 200 403 403 403 403 404"),
    "training.list_requests": ("/training/requests", "L 200 200 200 200 403 403 404"),
    "training.create_request": ("/training/requests/new", "L 200 200 200 403 403 403 404"),
    "training.list_sessions": ("/training/sessions", "L 200 200 200 200 403 403 404"),
    "training.create_session": ("/training/sessions/new", "L 200 200 403 200 403 403 404"),
    # internship supervision: the secretariat and the school see their interns, an enterprise its own, a
    # student their own placements, a teacher those they supervise; the evaluation rubric is the school's
    "supervision.interns": ("/supervision/", "L 200 200 200 200 200 200 404"),
    "supervision.class_summary": ("/supervision/class-summary.xlsx", "L 200 200 403 200 403 403 404"),
    "supervision.incident_register": ("/supervision/incidents", "L 200 200 403 403 403 403 404"),
    "supervision.rubric": ("/supervision/rubric", "L 403 403 403 200 403 403 404"),
    "supervision.scan": ("/supervision/checkin", "L 404 404 404 404 404 404 404"),
    # supply meets demand (the index redirects to the alignment page; a student's or teacher's own
    # consortium forms for forecasts and events open, the save is refused by the service)
    "supply.index": ("/supply/", "L 302 302 302 302 302 302 302"),
    "supply.alignment": ("/supply/alignment", "L 200 200 200 200 403 403 404"),
    "supply.industries_page": ("/supply/industries", "L 200 200 200 200 403 403 404"),
    "supply.mapping_page": ("/supply/mapping", "L 200 200 200 200 403 403 404"),
    "supply.list_forecasts": ("/supply/forecasts", "L 200 200 200 200 403 403 404"),
    "supply.create_forecast": ("/supply/forecasts/new", "L 200 200 200 200 200 200 404"),
    "supply.list_events": ("/supply/events", "L 200 200 200 200 403 403 404"),
    "supply.create_event": ("/supply/events/new", "L 200 200 200 200 200 200 404"),
    "supply.list_reports": ("/supply/reports", "L 200 200 200 200 403 403 404"),
    "supply.outcomes_page": ("/supply/outcomes", "L 200 200 403 200 403 403 404"),
    "supply.outcome_students": ("/supply/outcomes/students", "L 404 404 404 404 404 404 404"),
    # the recommendation book: the secretariat's; the recommending unit reviews, the province oversees
    # (a bureau has no consortium of its own: 404 on a consortium's pages; its home sends it to review)
    "book.overview": ("/book/", "L 200 200 403 403 403 403 404"),
    "book.settings": ("/book/settings", "L 200 200 403 403 403 403 404"),
    "book.commitments": ("/book/commitments", "L 200 200 403 403 403 403 404"),
    "book.acceptance": ("/book/acceptance", "L 200 200 403 403 403 403 404"),
    "book.acceptance_xlsx": ("/book/acceptance.xlsx", "L 200 200 403 403 403 403 404"),
    "book.assessment": ("/book/assessment", "L 200 200 403 403 403 403 404"),
    "book.assessment_docx": ("/book/assessment.docx", "L 200 200 403 403 403 403 404"),
    "book.governance_records": ("/book/governance", "L 200 200 403 403 403 403 404"),
    "book.incidents": ("/book/incidents", "L 200 200 403 403 403 403 404"),
    "book.list_materials": ("/book/materials", "L 200 200 403 403 403 403 404"),
    "book.materials_index": ("/book/materials/index.docx", "L 200 200 403 403 403 403 404"),
    "book.materials_zip": ("/book/materials.zip", "L 200 200 403 403 403 403 404"),
    "book.download_book": ("/book/download/book.docx", "L 200 200 403 403 403 403 404"),
    "book.download_annex3": ("/book/download/annex3.docx", "L 200 200 403 403 403 403 404"),
    "book.version_docx": ("/book/versions/1/book.docx", "L 404 404 404 404 404 404 404"),
    "book.version_zip": ("/book/versions/1/materials.zip", "L 404 404 404 404 404 404 404"),
    "book.review_list": ("/book/review", "L 403 403 403 403 403 403 200"),
    "book.province": ("/book/province", "L 200 403 403 403 403 403 403"),
    "stats.drill_xlsx": ("/stats/drill/members/xlsx", "L 404 404 403 403 403 403 404"),
    # API reads without an id (bearer token; a guest has none and gets 401)
    "api.list_applications": ("/api/v1/applications", "L 200 200 200 200 403 403 403"),
    "api.get_consortium_profile": ("/api/v1/consortium", "L 200 200 200 200 403 403 403"),
    "api.list_demand_reports": ("/api/v1/demand-reports", "L 200 200 200 200 403 403 403"),
    "api.list_engagements": ("/api/v1/engagements", "L 200 200 200 200 403 403 404"),
    "api.me": ("/api/v1/me", "L 200 200 200 200 200 200 200"),
    "api.list_members": ("/api/v1/members", "L 200 200 200 200 403 403 403"),
    "api.list_notifications": ("/api/v1/notifications", "L 200 200 200 200 200 200 200"),
    "api.openapi": ("/api/v1/openapi.json", "200 200 200 200 200 200 200 200"),
    "api.list_outputs": ("/api/v1/outputs", "L 200 200 200 200 403 403 403"),
    "api.list_placements": ("/api/v1/placements", "L 200 200 200 200 403 403 403"),
    "api.list_positions": ("/api/v1/positions", "L 200 200 200 200 200 200 200"),
    "api.list_programmes": ("/api/v1/programmes", "L 200 200 200 200 403 403 403"),
    "api.list_rd_projects": ("/api/v1/rd-projects", "L 200 200 200 200 403 403 403"),
    "api.list_resources": ("/api/v1/resources", "L 200 200 200 200 403 403 403"),
    "api.list_students": ("/api/v1/students", "L 200 200 403 200 403 403 403"),
    "api.list_teachers": ("/api/v1/teachers", "L 200 200 200 200 403 403 403"),
    "api.list_training_certificates": ("/api/v1/training/certificates", "L 200 200 200 200 403 403 403"),
    "api.training_figures": ("/api/v1/training/figures", "L 200 200 403 403 403 403 403"),
    "api.list_training_requests": ("/api/v1/training/requests", "L 200 200 200 200 403 403 403"),
    "api.list_training_sessions": ("/api/v1/training/sessions", "L 200 200 200 200 403 403 403"),
    "api.interns": ("/api/v1/interns", "L 200 200 200 200 200 200 200"),
    "api.get_alignment": ("/api/v1/alignment", "L 200 200 200 200 403 403 403"),
    "api.get_outcomes": ("/api/v1/outcomes", "L 200 200 403 200 403 403 403"),
    "api.list_demand_forecasts": ("/api/v1/demand-forecasts", "L 200 200 200 200 403 403 403"),
    "api.list_events": ("/api/v1/events", "L 200 200 200 200 403 403 403"),
    "api.event_counts": ("/api/v1/events/counts", "L 200 200 200 200 403 403 403"),
    "api.list_talent_reports": ("/api/v1/talent-reports", "L 200 200 200 200 403 403 403"),
}

# Operations without an id that change state (POST): a guest is refused; signed-in roles are exercised by
# the feature tests. Listed so that the matrix names every route.
STATE_NO_ID = {
    "auth.logout", "home.switch_consortium", "teachers.set_target", "api.create_token",
    "api.create_demand_report", "api.create_engagement", "api.create_member", "api.create_output",
    "api.create_position", "api.create_programme", "api.create_rd_project", "api.create_resource",
    "api.create_student", "api.create_teacher", "api.create_training_certificate",
    "api.create_training_request", "api.create_training_session", "api.record_placement",
    "api.patch_consortium_profile",
    "book.submit", "book.save_assessment", "book.settings", "book.commitments", "book.governance_records",
    "book.incidents", "book.list_materials", "book.province", "supervision.rubric", "supply.create_forecast", "supply.create_event",
    "supply.industries_page", "supply.mapping_page", "supply.generate_report", "supply.record_adjustment",
    "api.create_demand_forecast", "api.create_event", "api.generate_talent_report",
}

# Routes that take ids: called with the ids of another consortium's records. Value: the model whose
# first row (of the foreign consortium) fills each id parameter.
ID_ROUTES = {
    "auth.revoke_token", "auth.edit_user", "auth.issue_reset_link", "auth.reset_password",
    "jobs.decide_application", "jobs.withdraw_application", "jobs.placement_detail", "jobs.download_agreement",
    "jobs.save_compliance", "jobs.override_compliance", "jobs.transition_placement", "jobs.position_detail",
    "jobs.apply", "jobs.edit_position", "jobs.set_position_status", "jobs.programme_detail",
    "jobs.edit_programme", "jobs.student_detail",
    "members.member_detail", "members.edit_member", "members.leave_member", "members.enterprise_years",
    "teachers.engagement_detail", "teachers.confirm_engagement", "teachers.delete_engagement",
    "teachers.edit_engagement", "teachers.log_session", "teachers.delete_session", "teachers.teacher_record",
    "teachers.add_evidence", "teachers.delete_evidence",
    "imports.preview", "imports.confirm", "imports.result", "imports.job_status", "imports.retry", "imports.cancel",
    "matching.round_detail", "matching.withdraw", "matching.add", "matching.round_status", "matching.retry",
    "matching.cancel",
    "records.delete_output", "records.edit_output", "records.delete_rd_project", "records.edit_rd_project",
    "records.delete_report", "records.edit_report", "records.publish_report", "records.delete_resource",
    "records.edit_resource",
    "people.student_account", "people.edit_student", "people.teacher_detail", "people.teacher_account",
    "people.edit_teacher", "people.reveal_student",
    "training.certificate_detail", "training.reveal_certificate", "training.delete_certificate", "training.edit_certificate",
    "training.request_detail", "training.assign_request", "training.cancel_request", "training.edit_request",
    "training.plan_request", "training.session_detail", "training.delete_session", "training.edit_session",
    "training.add_roster_entry", "training.delete_roster_entry", "training.update_roster_entry",
    "api.decide_application", "api.withdraw_application", "api.get_demand_report", "api.patch_demand_report",
    "api.delete_demand_report", "api.publish_demand_report", "api.get_engagement", "api.patch_engagement",
    "api.confirm_engagement", "api.log_session", "api.get_member", "api.patch_member", "api.leave_member",
    "api.list_enterprise_years", "api.put_enterprise_year", "api.get_output", "api.patch_output",
    "api.delete_output", "api.get_placement", "api.placement_compliance", "api.placement_override",
    "api.placement_status", "api.get_position", "api.patch_position", "api.apply_to_position",
    "api.get_programme", "api.patch_programme", "api.get_rd_project", "api.patch_rd_project",
    "api.delete_rd_project", "api.get_resource", "api.patch_resource", "api.delete_resource",
    "api.get_student", "api.patch_student", "api.get_teacher", "api.patch_teacher",
    "api.get_training_certificate", "api.patch_training_certificate", "api.delete_training_certificate",
    "api.get_training_request", "api.patch_training_request", "api.assign_training_request",
    "api.cancel_training_request", "api.plan_training_request", "api.get_training_session",
    "api.patch_training_session", "api.delete_training_session", "api.list_training_roster",
    "api.add_training_roster_entry", "api.patch_training_roster_entry", "api.delete_training_roster_entry",
    "jobs.student_availability", "training.session_attendance",
    # internship supervision (placement, log, attachment, absence and incident ids)
    "supervision.placement", "supervision.assign_supervisor", "supervision.add_mentor", "supervision.remove_mentor",
    "supervision.save_site", "supervision.set_cadence", "supervision.programme_cadence", "supervision.checkin",
    "supervision.write_log", "supervision.log", "supervision.edit_log", "supervision.comment_log",
    "supervision.countersign", "supervision.attachment", "supervision.request_absence", "supervision.decide_absence",
    "supervision.post_message", "supervision.evaluation", "supervision.waive_evaluation",
    "supervision.assessment_docx", "supervision.report_incident", "supervision.update_incident",
    "api.list_logs", "api.write_log", "api.edit_log", "api.comment_log", "api.countersign", "api.checkin_code",
    "api.check_in", "api.list_evaluations", "api.submit_evaluation", "api.list_incidents", "api.report_incident",
    # supply meets demand (forecast, mapping correction, event, talent report, school and member ids)
    "supply.edit_forecast", "supply.delete_forecast", "supply.delete_correction", "supply.school_alignment",
    "supply.show_event", "supply.edit_event", "supply.add_attendees", "supply.add_offer", "supply.link_placement",
    "supply.show_report", "supply.edit_report", "supply.publish_report", "supply.report_docx",
    "api.get_demand_forecast", "api.patch_demand_forecast", "api.delete_demand_forecast", "api.add_event_attendees",
    "api.get_talent_report", "api.patch_talent_report", "api.publish_talent_report", "api.put_member_industry",
    # the recommendation book (a material id; the foreign consortium's id for the review of its submitted book)
    "book.download_material", "book.review_book",
}


def _param_models():
    from consortium.audit.models import AuditEvent  # noqa: F401
    from consortium.auth.models import ApiToken, User
    from consortium.jobs.models import Application, Placement, Position, Programme
    from consortium.matching.models import MatchRound
    from consortium.members.models import Member
    from consortium.people.models import Student, Teacher
    from consortium.records.models import DemandReport, RdProject, ResearchOutput, Resource
    from consortium.teachers.models import DualEvidence, Engagement, EngagementSession
    from consortium.training.models import Certificate, RosterEntry, TrainingRequest, TrainingSession
    from consortium.supervision.models import Absence, Incident, LogAttachment, LogEntry
    from consortium.supply.models import DemandForecast, MappingCorrection, MatchmakingEvent, TalentReport
    from consortium.book.models import Material

    talent_report = {(endpoint, "report_id"): TalentReport for endpoint in (
        "supply.edit_report", "supply.publish_report", "supply.report_docx", "supply.show_report",
        "api.get_talent_report", "api.patch_talent_report", "api.publish_talent_report")}
    return {
        **talent_report,
        "log_id": LogEntry, "attachment_id": LogAttachment, "absence_id": Absence, "incident_id": Incident,
        "forecast_id": DemandForecast, "correction_id": MappingCorrection, "event_id": MatchmakingEvent,
        "material_id": Material,
        "application_id": Application, "certificate_id": Certificate, "engagement_id": Engagement,
        "entry_id": RosterEntry, "evidence_id": DualEvidence, "member_id": Member, "output_id": ResearchOutput,
        "placement_id": Placement, "position_id": Position, "programme_id": Programme, "project_id": RdProject,
        "report_id": DemandReport, "request_id": TrainingRequest, "resource_id": Resource, "round_id": MatchRound,
        "student_id": Student, "teacher_id": Teacher, "token_id": ApiToken, "user_id": User,
        ("teachers.delete_session", "session_id"): EngagementSession, "session_id": TrainingSession,
        ("records.delete_output", "record_id"): ResearchOutput, ("records.edit_output", "record_id"): ResearchOutput,
        ("records.delete_rd_project", "record_id"): RdProject, ("records.edit_rd_project", "record_id"): RdProject,
        ("records.delete_report", "record_id"): DemandReport, ("records.edit_report", "record_id"): DemandReport,
        ("records.publish_report", "record_id"): DemandReport,
        ("records.delete_resource", "record_id"): Resource, ("records.edit_resource", "record_id"): Resource,
    }


@pytest.fixture
def universe(app, world):
    """The world (our consortium), a province-wide admin, and the demo consortium as the foreign tenant,
    with an API token of its admin (token ids to revoke) and an import job of its admin."""
    from consortium.demo import members as demo_members
    from consortium.auth import services as auth_services
    from consortium.auth.models import User
    from consortium.members.models import Member
    from consortium.queue import JobRun

    with app.app_context():
        factories.make_user("province", "admin")
        foreign, _accounts = demo_members.load("Demo-pass-42")
        db.session.commit()
        foreign_admin = db.session.scalar(db.select(User).where(User.consortium_id == foreign.id,
                                                                 User.role == "admin"))
        auth_services.issue_token(foreign_admin, foreign_admin, "x")
        db.session.add(JobRun(id="foreignjob1", name="import", status="finished", created_by_id=foreign_admin.id,
                              consortium_id=foreign.id))
        from consortium.matching.models import MatchRound

        db.session.add(MatchRound(consortium_id=foreign.id, number=1, status="finished",
                                  created_by_id=foreign_admin.id))
        # The foreign consortium's book: a supporting material, a governance record and a submitted version
        # (the demo has none); a mapping correction of its supply-and-demand page.
        from consortium.book import governance, materials, review
        from consortium.supply.models import MappingCorrection

        materials.add_material(foreign_admin, foreign, title="理事会章程", target="governance:board",
                               filename="charter.png", stream=io.BytesIO(PNG))
        governance.add_board_member(foreign_admin, foreign, {"name": "王理事", "organization": "郑州某集团",
                                                             "role": "chair", "since": date(2024, 1, 1)})
        review.submit(foreign_admin, foreign)
        db.session.add(MappingCorrection(consortium_id=foreign.id, kind="name", key="数控技术", class_name="机械设计制造类"))
        # A recommending unit of another city: the foreign (Zhengzhou) consortium is not its to review.
        review.create_bureau(None, username="bureau", password=PASSWORD, city="洛阳市", unit_name="洛阳市教育局",
                             bootstrap=True)
        db.session.commit()
        ids = {}
        for key, model in _param_models().items():
            stmt = db.select(model.id).order_by(model.id)
            if model is User:
                stmt = stmt.where(User.id == foreign_admin.id)
            elif hasattr(model, "consortium_id"):
                stmt = stmt.where(model.consortium_id == foreign.id)
            ids[key] = db.session.scalar(stmt) or 999999
        ids["consortium_id"] = foreign.id
        ids["school_id"] = db.session.scalar(db.select(Member.id).where(
            Member.consortium_id == foreign.id, Member.type == "higher_vocational").order_by(Member.id))
        return {"foreign": foreign.id, "ids": ids}


class Actor:
    """A signed-in role, through the real login form (pages) and a bearer token (API)."""

    def __init__(self, app, username):
        self.client = app.test_client()
        self.username = username
        self.headers = {}
        if username != "guest":
            page = self.client.get("/login")
            r = self.client.post("/login", data={"username": username, "password": PASSWORD,
                                                 "csrf_token": csrf_from(page.text)})
            assert r.status_code == 302, username
            r = self.client.post("/api/v1/tokens", json={"username": username, "password": PASSWORD})
            self.headers = {"Authorization": f"Bearer {r.json['token']}"}
        self.csrf = csrf_from(self.client.get("/login" if username == "guest" else "/account/password").text)

    def call(self, method, url):
        if url.startswith("/api/"):
            return self.client.open(url, method=method, headers=self.headers,
                                    json={} if method in ("POST", "PATCH", "PUT") else None)
        if method == "GET":
            return self.client.get(url)
        return self.client.open(url, method=method, data={"csrf_token": self.csrf})


@pytest.fixture
def actors(app, universe):
    return {name: Actor(app, name) for name in ROLES}


def _url(app, rule, endpoint, ids):
    values = {}
    for arg in rule.arguments:
        if (endpoint, arg) in ids:
            values[arg] = ids[(endpoint, arg)]
        elif arg in ids:
            values[arg] = ids[arg]
        else:
            values[arg] = {"year": 2024, "code": "en", "fmt": "csv", "key": "members", "type_name": "students",
                           "token": "not-a-real-reset-token", "upload_id": "0123456789abcdef",
                           "job_id": "foreignjob1", "filename": "x"}[arg]
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


def _classify(response) -> object:
    if response.status_code in (302, 303) and "/login" in response.headers.get("Location", ""):
        return LOGIN
    return response.status_code


def test_every_route_is_in_the_matrix(app):
    declared = set(GET_PAGES) | STATE_NO_ID | ID_ROUTES
    routes = {r.endpoint for r in app.url_map.iter_rules()}
    assert routes - declared == set(), f"routes missing from the access matrix: {sorted(routes - declared)}"
    assert declared - routes == set(), f"matrix names routes that do not exist: {sorted(declared - routes)}"


@pytest.mark.slow
def test_pages_and_api_reads_without_ids(app, actors):
    with app.app_context():  # /healthz/ready is 503 while jobs wait with no worker: start from an empty queue
        from consortium.queue import get_queue

        queue = get_queue()
        if queue is not None:
            queue.empty()
    wrong = []
    for endpoint, (url, expected) in GET_PAGES.items():
        for role, want in zip(ROLES, expected.split()):
            got = _classify(actors[role].call("GET", url))
            if url.startswith("/api/") and role == "guest" and got == 401:
                got = LOGIN
            if str(got) != want:
                wrong.append(f"{endpoint} {url} as {role}: {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.slow
def test_ids_of_another_consortium_are_refused(app, actors, universe):
    """Every id route, every method, every role but the province admin: 403/404 (guests: login/401), and
    never a 5xx for the province admin either. The API checks a request's body against its declaration
    before it looks the record up, so the empty body sent here may be answered 422: accepted only when an id
    that exists nowhere gets the same 422 (the answer then tells nothing about the other consortium's record;
    the operation's own tests send valid bodies)."""
    wrong = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in ID_ROUTES:
            continue
        url = _url(app, rule, rule.endpoint, universe["ids"])
        nowhere = _url(app, rule, rule.endpoint, {key: 999999 for key in universe["ids"]})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for role in ROLES:
                got = _classify(actors[role].call(method, url))
                if role == "province":
                    ok = isinstance(got, int) and got < 500
                elif role == "guest":
                    ok = got in (LOGIN, 401, 404, 400) if not url.startswith("/reset/") else got == 404
                elif got == 422 and url.startswith("/api/"):
                    ok = actors[role].call(method, nowhere).status_code == 422
                else:
                    ok = got in (403, 404)
                if not ok:
                    wrong.append(f"{method} {url} ({rule.endpoint}) as {role}: {got}")
    assert not wrong, f"{len(wrong)} cross-tenant calls not refused:\n" + "\n".join(wrong)


@pytest.mark.slow
def test_state_changes_without_ids_refuse_guests(app, actors):
    wrong = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in STATE_NO_ID or rule.endpoint == "api.create_token":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS", "GET"}):
            got = _classify(actors["guest"].call(method, rule.rule))
            if got not in (LOGIN, 401):
                wrong.append(f"{method} {rule.rule} as guest: {got}")
    assert not wrong, "\n".join(wrong)


def test_admin_on_user_operations_across_consortia_and_against_the_province_admin(app, actors, universe):
    from consortium.auth.models import User

    with app.app_context():
        province_id = db.session.scalar(db.select(User.id).where(User.username == "province"))
        own_user = db.session.scalar(db.select(User.id).where(User.username == "ent_a"))
    admin = actors["admin"]
    for uid in (province_id, universe["ids"]["user_id"]):
        assert admin.call("GET", f"/users/{uid}/edit").status_code == 404
        assert admin.call("POST", f"/users/{uid}/edit").status_code == 404
        assert admin.call("POST", f"/users/{uid}/reset-link").status_code == 404
    assert admin.call("GET", f"/users/{own_user}/edit").status_code == 200
    province = actors["province"]
    assert province.call("GET", f"/users/{universe['ids']['user_id']}/edit").status_code == 200
