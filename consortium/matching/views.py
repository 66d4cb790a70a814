"""The secretariat's matching pages: start a round, follow it, read and adjust its proposals."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import Conflict, ValidationError
from ..extensions import db
from ..members.context import current_consortium
from ..vocab import MATCH_ROUND_STATUSES, POSITION_KINDS
from ..web import flash_refusal, form_failed
from . import lifecycle, services
from .forms import ActionForm, AddProposalForm, StartRoundForm, WithdrawProposalForm

bp = Blueprint("matching", __name__, url_prefix="/matching")


@bp.route("/", methods=["GET", "POST"])
@login_required
def rounds():
    consortium = current_consortium()
    items = services.list_rounds(current_user, consortium.id)
    form = StartRoundForm()
    if form.validate_on_submit():
        try:
            match_round = services.start_round(current_user, consortium, kind=form.kind.data or None,
                                               mode=form.mode.data)
        except (ValidationError, Conflict) as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            if match_round.status == "finished":
                flash(_("第 %(n)d 轮匹配已完成，生成 %(k)d 条待确认的推荐", n=match_round.number,
                        k=match_round.proposals_created), "success")
            elif match_round.status == "failed":
                flash(_("第 %(n)d 轮匹配失败", n=match_round.number), "danger")
            else:
                flash(_("第 %(n)d 轮匹配已开始，完成后本页自动刷新", n=match_round.number), "info")
            return redirect(url_for("matching.round_detail", round_id=match_round.id))
    return render_template("matching/rounds.html", rounds=items, form=form, kinds=POSITION_KINDS)


@bp.get("/<int:round_id>")
@login_required
def round_detail(round_id):
    match_round = services.get_round(current_user, round_id)
    job = services.round_job(match_round)
    filters = {"school_id": request.args.get("school_id", type=int),
               "enterprise_id": request.args.get("enterprise_id", type=int),
               "kind": request.args.get("kind", "") if request.args.get("kind", "") in POSITION_KINDS else ""}
    return render_template("matching/round.html", round=match_round, job=job, kinds=POSITION_KINDS,
                           proposals=services.round_proposals(match_round, **filters), filters=filters,
                           choices=services.round_filter_choices(match_round),
                           overrides=services.round_overrides(match_round),
                           withdraw_form=WithdrawProposalForm(), add_form=AddProposalForm(),
                           action_form=ActionForm(), can_retry=lifecycle.can_retry(match_round))


@bp.get("/<int:round_id>/status")
@login_required
def round_status(round_id):
    match_round = services.get_round(current_user, round_id)
    state = lifecycle.round_state(match_round.id)
    return jsonify({**state, "status_label": str(MATCH_ROUND_STATUSES.label(state["status"]))})


def _round_action(round_id, act, done, refused):
    """Retry or cancel a round from its page: the service's refusal is flashed, the outcome told."""
    match_round = services.get_round(current_user, round_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        act(current_user, match_round)
    except refused as exc:
        flash_refusal(exc)
    else:
        flash(done(match_round), "info")
    return redirect(url_for("matching.round_detail", round_id=round_id))


@bp.post("/<int:round_id>/retry")
@login_required
def retry(round_id):
    return _round_action(round_id, lifecycle.retry_round, lambda r: _("第 %(n)d 轮匹配已重新开始", n=r.number),
                         (ValidationError, Conflict))


@bp.post("/<int:round_id>/cancel")
@login_required
def cancel(round_id):
    return _round_action(round_id, lifecycle.cancel_round, lambda r: _("第 %(n)d 轮匹配已取消", n=r.number), ValidationError)


@bp.post("/<int:round_id>/proposals/<int:placement_id>/withdraw")
@login_required
def withdraw(round_id, placement_id):
    match_round = services.get_round(current_user, round_id)
    placement = services.get_proposal(match_round, placement_id)
    form = WithdrawProposalForm()
    if form.validate_on_submit():
        try:
            services.withdraw_proposal(current_user, match_round, placement, form.reason.data)
        except (ValidationError, Conflict) as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("已撤回推荐，理由已记录"), "success")
    else:
        flash(_("请说明理由"), "danger")
    return redirect(url_for("matching.round_detail", round_id=round_id))


@bp.post("/<int:round_id>/proposals/add")
@login_required
def add(round_id):
    match_round = services.get_round(current_user, round_id)
    form = AddProposalForm()
    if form.validate_on_submit():
        try:
            services.add_proposal_by_number(current_user, match_round, form.position_code.data,
                                            form.candidate_org.data, form.candidate_no.data, form.reason.data)
        except (ValidationError, Conflict) as exc:
            form_failed(form, exc)
        else:
            flash(_("已手工推荐，理由已记录"), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
    return redirect(url_for("matching.round_detail", round_id=round_id))
