"""Email notifications arrive at a real SMTP server, say what happened with a link, never the answers,
respect each person's opt-out, and never fail the action when the mail server is down."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Answer, OutboxMessage, utcnow
from selfassess.services import notifications
from tests.assessment_data import YEAR
from tests.conftest import page, sign_in
from tests.smtp_server import Inbox, smtp_server, smtp_settings
from tests.web.test_signoff import complete_year

SIGN_OFF = "/providers/{u}/years/" + YEAR + "/sign-off"


@pytest.fixture
def smtp(app):
    with smtp_server() as (inbox, port):
        app.config.update(smtp_settings(port))
        yield inbox


@pytest.fixture
def team(app, factory, provider_ukprn):
    return {role: factory.user(role, provider_ukprn) for role in ("editor", "approver", "viewer")}


def send_mail(runner):
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    return result.output


def answer_texts(app) -> list[str]:
    """Every evidence note and free-text answer stored, which must never appear in an email."""
    with app.app_context():
        rows = db.session.scalars(select(Answer)).all()
        texts = [a.evidence_note for a in rows if len(a.evidence_note) > 12]
        texts += [a.value for a in rows if isinstance(a.value, str) and len(a.value) > 12]
        return texts


def test_the_send_back_loop_emails_the_right_people_with_links_and_no_answers(app, runner, smtp, team,
                                                                             provider_ukprn):
    editor = sign_in(app.test_client(), team["editor"])
    approver = sign_in(app.test_client(), team["approver"])
    complete_year(editor, provider_ukprn)
    assert editor.post(SIGN_OFF.format(u=provider_ukprn) + "/send").status_code == 302
    assert "Sent 1 email(s)" in send_mail(runner)

    [waiting] = smtp.to(team["approver"])
    expected = f"Waiting for your sign-off: Test University {YEAR} Prevent self-assessment"
    assert Inbox.subject(waiting) == expected
    body = Inbox.body(waiting)
    assert f"https://selfassess.test/providers/{provider_ukprn}/years/{YEAR}/sign-off" in body
    assert "https://selfassess.test/account/email-notifications" in body
    assert not smtp.to(team["viewer"]) and not smtp.to(team["editor"])  # the sender is not told

    comment = "Please add the date the risk assessment was last reviewed."
    response = approver.post(SIGN_OFF.format(u=provider_ukprn) + "/send-back", data={"comment": comment})
    assert response.status_code == 302
    send_mail(runner)
    [back] = smtp.to(team["editor"])
    assert Inbox.subject(back).startswith("Sent back: Test University")
    assert comment in Inbox.body(back)
    assert f"https://selfassess.test/providers/{provider_ukprn}/years/{YEAR}/" in Inbox.body(back)

    texts = answer_texts(app)
    assert texts, "the completed year should have stored answers to look for"
    for message in smtp.messages:
        for text in texts:
            assert text not in Inbox.body(message)


def test_an_opted_out_approver_gets_nothing_and_the_others_still_do(app, runner, smtp, team, factory,
                                                                  provider_ukprn):
    second = factory.user("approver", provider_ukprn)
    client = sign_in(app.test_client(), team["approver"])
    form = page(client.get("/account/email-notifications"))
    offered = [box["value"] for box in form.select("input[name=kinds]")]
    assert offered == ["sent_for_signoff", "reopened", "deadline_reminder"]  # an approver's kinds
    response = client.post("/account/email-notifications", data={"kinds": ["reopened", "deadline_reminder"]})
    assert response.status_code == 302
    saved = page(client.get("/account/email-notifications"))
    assert not saved.select_one("input[value=sent_for_signoff]").has_attr("checked")

    editor = sign_in(app.test_client(), team["editor"])
    complete_year(editor, provider_ukprn)
    editor.post(SIGN_OFF.format(u=provider_ukprn) + "/send")
    send_mail(runner)
    assert not smtp.to(team["approver"])
    assert len(smtp.to(second)) == 1


def test_the_action_succeeds_when_the_mail_server_is_down_and_the_email_is_sent_later(
        app, runner, team, provider_ukprn):
    with smtp_server() as (inbox, port):
        pass  # the port is now closed: nothing listens there
    app.config.update(smtp_settings(port))
    editor = sign_in(app.test_client(), team["editor"])
    complete_year(editor, provider_ukprn)
    response = editor.post(SIGN_OFF.format(u=provider_ukprn) + "/send", follow_redirects=True)
    assert "sent to the approvers" in page(response).get_text()
    assert "1 could not be sent and will be retried" in send_mail(runner)
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        assert (message.status, message.attempts) == ("queued", 1)
        assert message.next_attempt_at > utcnow()
        assert "ConnectionRefusedError" in message.last_error
        message.next_attempt_at = utcnow() - timedelta(seconds=1)  # the retry delay has passed
        db.session.commit()
    with smtp_server() as (inbox, port):
        app.config.update(smtp_settings(port))
        assert "Sent 1 email(s)" in send_mail(runner)
        assert len(inbox.to(team["approver"])) == 1
    assert "Sent 0 email(s)" in send_mail(runner)  # sent once, never again


def test_reminders_go_30_14_and_3_days_before_the_due_date_once_each(app, runner, smtp, team,
                                                                    provider_ukprn):
    with app.app_context():
        due = notifications.due_date(YEAR)
    assert due is not None, "the framework states when the return is due"
    for days_before, expected in ((31, 0), (30, 2), (29, 0), (14, 2), (10, 0), (3, 2), (0, 0)):
        day = (due - timedelta(days=days_before)).isoformat()
        result = runner.invoke(args=["send-reminders", "--today", day])
        assert result.exit_code == 0, result.output
        queued = int(result.output.split()[1])
        # on the due day itself the 3-day reminder has already gone
        assert queued == expected, (days_before, result.output)
    send_mail(runner)
    to_editor = smtp.to(team["editor"])
    subjects = [Inbox.subject(m).split(":")[0] for m in to_editor]
    assert subjects == ["Due in 30 days", "Due in 14 days", "Due in 3 days"]
    assert not smtp.to(team["viewer"])
    assert f"https://selfassess.test/providers/{provider_ukprn}/years/" in Inbox.body(to_editor[0])


def test_a_missed_day_of_cron_sends_one_reminder_not_three(app, runner, team):
    with app.app_context():
        due = notifications.due_date(YEAR)
    result = runner.invoke(args=["send-reminders", "--today", (due - timedelta(days=2)).isoformat()])
    assert result.output.startswith("Queued 2 reminder(s)")  # the editor and the approver, the 3-day one


def test_the_mail_commands_say_what_is_wrong_in_one_line(app, runner):
    result = runner.invoke(args=["send-reminders", "--today", "next tuesday"])
    assert result.exit_code == 1 and result.output.startswith("Error: --today must be a date")
    app.config["MAIL_BACKEND"] = "carrier-pigeon"
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 1
    assert "Error: SELFASSESS_MAIL_BACKEND must be smtp, console or file" in result.output


def test_the_file_backend_writes_each_email_for_development(app, runner, team, provider_ukprn, tmp_path):
    app.config.update({"MAIL_BACKEND": "file", "MAIL_FILE_DIR": str(tmp_path)})
    editor = sign_in(app.test_client(), team["editor"])
    complete_year(editor, provider_ukprn)
    editor.post(SIGN_OFF.format(u=provider_ukprn) + "/send")
    send_mail(runner)
    [written] = list(tmp_path.glob("*.eml"))
    assert f"To: {team['approver']}" in written.read_text()
