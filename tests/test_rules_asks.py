"""Customer asks: real needs count; negated, hypothetical, small talk and praise do not."""

from __future__ import annotations

import pytest
from test_rules_helpers import asks, backend, call, colleague, customer, mentions, seller

from analyzer.models import Chunk


def test_an_indirect_ask_counts():
    assert "sso" in asks(customer("Our IT team will, you know, want to log in with Okta."))
    assert "integration_api" in asks(customer("Can your thing pull from NetSuite?"))


def test_a_question_about_a_capability_is_an_ask():
    assert "export_reporting" in asks(customer("Uh, what about exports? Can we get the raw data out to Excel?"))


def test_negated_needs_are_not_asks():
    assert asks(customer("We don't need SSO, honestly, everyone uses passwords.")) == set()
    assert asks(customer("No integrations for now, we'll keep it standalone.")) == set()
    assert asks(customer("Mobile's not a priority this year.")) == set()
    assert asks(customer("No integrations beyond the ticketing tool for now, we'll keep chat out of it.")) == set()


def test_a_question_answered_no_at_once_is_not_an_ask():
    assert asks(customer("Do we even need the offline app? Honestly, no, they're always on wifi.")) == set()
    assert asks(customer("Would we use the API? Uh, probably not.")) == set()
    assert "integration_api" in asks(customer("Would we use the API? Yes, a lot. No problem there."))


def test_a_question_a_colleague_answers_no_is_not_an_ask():
    assert asks(customer("Do we need the, uh, the mobile app?"), colleague("Nah, not for now.")) == set()
    assert asks(customer("Um, would we even use the API?"), colleague("no, we're fine without it")) == set()
    assert asks(customer("Is SSO something we'd want day one?"), colleague("Honestly no. Passwords are fine.")) == set()


def test_a_colleagues_no_may_come_one_turn_later():
    found = asks(customer("do we need audit logs"), colleague("hmm."), colleague("honestly, nah, not this year"))
    assert found == set()


def test_a_colleagues_yes_or_a_seller_turn_keeps_the_ask():
    assert "mobile" in asks(customer("Do we need the mobile app?"), colleague("Yeah, the techs live on it."))
    assert "mobile" in asks(customer("Do we need the mobile app?"), colleague("Yes."), customer("No idea why you ask."))
    assert "sso" in asks(customer("Do we need SSO?"), seller("Shall we look at pricing?"), colleague("No."))


def test_a_question_waved_off_by_a_colleague_or_advised_against_by_the_seller_is_not_an_ask():
    said = "Do we need a security review for this? My cousin does those for a bank."
    assert asks(customer(said), colleague("we're twelve people, nobody's asking us for that")) == set()
    assert asks(customer("Do we need the SSO piece?"), colleague("Yeah okay, forget it.")) == set()
    advice = "Honestly, for six people on Gmail you don't need it."
    assert asks(customer("Do we need single sign-on?"), seller(advice)) == set()
    assert "sso" in asks(customer("Do we need single sign-on?"), seller("It's on every plan."))


def test_a_sellers_no_to_an_ask_leaves_the_ask():
    assert "sso" in asks(customer("Can you do SSO with Okta?"), seller("No, not today."))
    assert "integration_api" in asks(customer("Can your API push to our ERP?"), colleague("No wait, it's Sage."))


def test_only_the_last_question_of_a_turn_is_answered_by_the_next():
    found = asks(customer("Do we need SSO? Also the audit trail is a must for us."), colleague("No."))
    assert found == {"audit_logs"}
    found = asks(customer("Do we need SSO? And do we want the audit trail?"), colleague("No."))
    assert found == {"sso"}


def test_a_question_to_the_room_with_a_reason_after_it_is_answered_by_a_colleague():
    said = "Does anyone need this on their phone? I'm only asking because the last vendor pushed an app."
    assert asks(customer(said), colleague("No. Nobody books a room from their phone.")) == set()


def test_negation_only_covers_its_own_clause():
    found = asks(customer("We don't need SSO, but an audit trail is a must for our regulators."))
    assert found == {"audit_logs"}


def test_a_need_named_then_waved_off_by_pronoun_is_not_an_ask():
    assert asks(customer("And the tablet app — honestly I don't think we'd need it, the leads use laptops.")) == set()
    assert asks(customer("The tablet app — we'd need it for the crew leads.")) == {"mobile"}
    assert asks(customer("SSO, no, we don't need that, but the audit trail matters.")) == {"audit_logs"}


def test_a_but_clause_that_narrows_the_need_keeps_the_ask():
    assert asks(customer("We need SSO, but we don't need it on day one.")) == {"sso"}
    assert asks(customer("The audit trail matters, but we won't need it before the pilot ends.")) == {"audit_logs"}


def test_a_question_answered_with_a_bare_we_dont_is_not_an_ask():
    assert asks(customer("Do we need to set up anything for SSO? We don't, we don't use it at the plant.")) == set()
    assert asks(customer("Do we need SSO for the pilot? We do, IT insists.")) == {"sso"}


def test_a_maybe_someday_is_not_an_ask():
    assert asks(customer("Someday we might look at a mobile app, but that's years out.")) == set()
    assert asks(customer("If we ever expand to Europe, data residency could matter.")) == set()


def test_small_talk_with_a_trigger_word_is_not_an_ask():
    assert asks(customer("Sorry I'm late, my mobile died this morning and the traffic was awful.")) == set()


def test_praise_for_what_already_works_is_not_an_ask():
    assert asks(customer("Honestly the dashboards have been a game-changer, the team loves them.")) == set()
    assert asks(customer("The integration with our warehouse? Smooth as butter, no issues.")) == set()


def test_a_seller_question_is_not_the_customers_ask():
    assert asks(seller("Would you want any training for your admins?"), customer("Not really.")) == set()


def test_a_generic_seller_tour_does_not_create_needs():
    found = asks(seller("We're a leading, best-in-class platform with reporting dashboards and mobile apps."),
                 customer("I'm not really interested, thanks."))
    assert found == set()


def test_after_the_customer_hangs_up_nothing_the_seller_says_counts():
    found = asks(customer("Please take me off your list."),
                 seller("But we integrate with your CRM and you'd be live in two weeks!"))
    assert found == set()


def test_an_unknown_side_only_counts_with_an_outright_need():
    assert asks(("unknown", "We have a dashboard somewhere.")) == set()
    assert "export_reporting" in asks(("unknown", "We need a dashboard for the regional leads."))


def test_a_quoted_need_still_counts_for_the_customer():
    assert "sso" in asks(customer("My CIO literally said “no Okta, no deal” last week."))


def test_quoted_speech_read_off_the_seller_screen_is_not_an_ask():
    found = asks(seller("The summary cites “[04:10] Prospect: we need SAML SSO and SCIM” as the key risk."))
    assert "sso" not in found


def test_ask_quote_is_the_sentence_and_minimizers_are_kept():
    (m,) = [m for m in mentions(customer("Hi. It's just a simple approval step before invoices go out."))
            if m.kind == "ask" and m.category == "approval_workflow"]
    assert m.quote == "It's just a simple approval step before invoices go out."
    assert m.category == "approval_workflow" and m.minimizer == "just"


def test_a_split_long_turn_is_read_piece_by_piece_without_duplicates():
    text = "We need SSO with Azure AD. " * 3 + "Also CSV import of our old tickets."
    t = call(customer(text))
    cut = text.index("Also")
    end = len(text)
    chunks = [Chunk(0, 0, 0, "", 0, 0, cut), Chunk(1, 0, 0, "", 0, cut, end), Chunk(2, 0, 0, "", 0, cut, end)]
    found = backend().extract(t, chunks).mentions
    assert {m.category for m in found} == {"sso", "data_import"}
    assert sum(1 for m in found if m.category == "data_import") == 1


def test_the_backend_ignores_unknown_settings():
    from analyzer.extract.rules import RulesBackend

    assert RulesBackend(model="x", base_url="y").name == "rules"


def test_waving_off_one_feature_does_not_end_the_call():
    found = mentions(seller("We also have a client app for reminders."),
                     customer("We already use another app for that, so not interested."),
                     customer("What we do need is support on Saturdays, our clinics open at seven."),
                     seller("Phone support runs on Saturdays from six, and you'll get a named contact."))
    assert "support_sla" in {m.category for m in found if m.kind == "commitment"}


def test_not_wanting_someone_to_see_something_asks_for_permissions():
    rivals = "The three farms are competitors, they don't want to see each other's yields."
    assert "roles_permissions" in asks(customer(rivals))
    assert "roles_permissions" in asks(customer("We don't want the drivers to see each other's pay, ever."))
    assert "sso" not in asks(customer("Honestly we don't want single sign-on for nine people."))


@pytest.mark.parametrize("said", [
    "Honestly we don't want to see another approval step, it slows the crews down.",
    "We don't want to touch the ERP integration this year.",
    "We really don't want to get into single sign-on for twelve people.",
    "The vets don't want to see a mobile app, they work at the desk.",
    "Our board doesn't want to know about audit logs, just the totals.",
])
def test_not_wanting_to_see_or_touch_something_themselves_still_rules_it_out(said):
    assert asks(customer(said)) == set()


@pytest.mark.parametrize("said", [
    "Finance has to see who voided each credit note and at what time.",
    "We need to know which user edited the rate and when.",
    "Right now nobody can tell who moved the shipment, and when.",
])
def test_who_did_something_and_when_asks_for_an_audit_trail(said):
    assert "audit_logs" in asks(customer(said))


def test_who_does_something_and_when_the_project_starts_is_no_audit_trail():
    assert "audit_logs" not in asks(customer("Tell us who signed the order and when we kick off."))


@pytest.mark.parametrize("said", [
    "So we'd have approvals live for the first two depots.",
    "The approvals module is the part we care about.",
])
def test_approvals_named_as_the_feature_ask_for_an_approval_workflow(said):
    assert "approval_workflow" in asks(customer(said))


def test_adding_and_removing_admins_is_admin_work():
    assert "admin_controls" in asks(customer("Every year the board changes, we need to add and remove admins."))


def test_held_with_someone_first_is_an_approval_step_but_staying_with_them_is_not():
    assert "approval_workflow" in asks(customer("Anything over five thousand has to stop with Bo first, always."))
    assert "approval_workflow" not in asks(customer("The truck stays with you until Friday, we need it back then."))


@pytest.mark.parametrize(("said", "slug"), [
    ("Do the open service contracts come over in full from the old system?", "data_import"),
    ("Is someone there for questions weekdays, eight to six?", "support_sla"),
    ("Does it record the time and the person for each scan?", "audit_logs"),
    ("Every change should carry the name of the user and the time.", "audit_logs"),
])
def test_what_comes_over_the_hours_someone_answers_and_who_and_when_are_hidden_work(said, slug):
    assert slug in asks(customer(said))


def test_years_of_their_records_are_data_to_bring_over():
    assert "data_import" in asks(customer("Twenty-two years of cases in there. If those get lost I go to jail."))
    assert "data_import" not in asks(customer("She has twenty years of experience with the county."))


def test_the_old_systems_export_handed_over_is_no_reporting_ask():
    assert "export_reporting" not in asks(customer("ClubDesk lets me export a CSV. I can get you the export Friday."))
    assert "export_reporting" in asks(customer("Can we export the roster to Excel every week?"))


@pytest.mark.parametrize("said", [
    "But not every volunteer should see the medical stuff, they do snacks and carpools.",
    "Only Marta and the foreman see the pay rates, right?",
    "Nobody but the office sees the money or the documents.",
])
def test_who_alone_may_see_something_asks_for_permissions(said):
    assert "roles_permissions" in asks(customer(said))


def test_seeing_each_other_or_a_slide_is_no_permissions_ask():
    assert "roles_permissions" not in asks(customer("We only see each other twice a year, so email it is."))
    assert "roles_permissions" not in asks(customer("Not everyone needs to see this slide, skip ahead."))
