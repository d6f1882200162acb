"""Seller commitments: what binds the vendor, what does not, and how it is quoted."""

from __future__ import annotations

import pytest
from test_rules_helpers import asks, customer, mentions, partner, promises, seller


def quotes(*lines: tuple[str, str]) -> list[str]:
    return [m.quote for m in promises(*lines)]


# --- what counts ----------------------------------------------------------

def test_product_claim_for_this_customer():
    (m,) = promises(customer("Do you support Okta?"), seller("Yes, we support Okta out of the box."))
    assert m.category == "sso" and m.commitment_kind == "explicit"


def test_delivery_with_a_date_carries_the_due_phrase():
    (m,) = promises(seller("We'll have the NetSuite sync running by end of next month."))
    assert m.category == "integration_api" and m.due == "by end of next month"


@pytest.mark.parametrize(("text", "due"), [
    ("You'll be live in two weeks.", "in two weeks"),
    ("Onboarding takes one day, tops.", "one day"),
    ("We'll have that by Q3.", "by Q3"),
    ("Our team responds to P1 tickets within 48 hours.", "within 48 hours"),
])
def test_dated_promises(text, due):
    (m,) = promises(seller(text))
    assert m.due == due


@pytest.mark.parametrize("text", [
    "Sure, you can have that summary land in your inbox every Friday morning.",
    "We'll send the usage export every two weeks, automatically.",
    "Today's really about getting your team comfortable, and we'll handle the import for you.",
])
def test_a_repeating_schedule_or_an_agenda_sets_no_date(text):
    assert [m.due for m in promises(seller(text))] == [None]


@pytest.mark.parametrize("text", [
    "The first invoice is due when you sign, and the rest every quarter after that.",
    "Standard terms are net 30 from the invoice date.",
    "It's all invoiced annually, up front, once the order form is signed.",
])
def test_payment_terms_are_commercial_promises(text):
    (m,) = promises(customer("Walk me through the commercials."), seller(text))
    assert m.quote == text and m.due is None  # terms, not a delivery date


@pytest.mark.parametrize("text", [
    "Today I'd like to pin down what your rollout needs.",
    "Today is about making sure we can get you live without surprises.",
    "Our goal today is to get your admins comfortable with the permissions.",
])
def test_the_calls_agenda_is_not_a_promise(text):
    assert promises(seller(text)) == []


def test_today_as_a_deadline_still_counts():
    (m,) = promises(seller("We'll get the sandbox credentials to you today."))
    assert m.due == "today"


def test_a_price_or_discount_is_a_commitment_without_category():
    (m,) = promises(customer("Where does that land on price?"), seller("For forty seats it's $1,900 a month."))
    assert m.category is None
    (d,) = promises(seller("We can do 15% off the first year if you sign this quarter."))
    assert d.category == "billing"


def test_implicit_promise_when_asked():
    (m,) = promises(customer("Could you add a second approval level for refunds?"),
                    seller("Oh, that's a simple change on our side."))
    assert m.commitment_kind == "implicit" and m.category == "approval_workflow"


def test_a_promise_naming_two_categories_takes_the_one_asked_about():
    (m,) = promises(customer("We need a supervisor to approve each refund before the invoice goes out."),
                    seller("We'll add an approval step before invoicing, you'll have it in three weeks."))
    assert m.category == "approval_workflow" and m.due == "in three weeks"


@pytest.mark.parametrize(("text", "category"), [
    ("We can have SSO live for the pilot by next Friday.", "sso"),
    ("Our support team is on call during onboarding, at no extra cost.", "support_sla"),
])
def test_a_promise_delivers_the_first_category_it_names(text, category):
    found = promises(customer("We need SSO, a support plan and onboarding for the pilot."), seller(text))
    assert [m.category for m in found] == [category]


def test_a_trailing_easy_on_a_yes_to_what_they_told_us_is_a_promise_with_a_minimizer():
    # The customer states the requirement rather than asking; the on-topic yes answers it.
    (m,) = promises(customer("Interns shouldn't see salaries."), seller("Yep, that's a permission setting. Easy."))
    assert (m.category, m.commitment_kind, m.minimizer) == ("roles_permissions", "explicit", "Easy")


def test_a_trailing_easy_said_unprompted_is_an_implicit_promise():
    (m,) = promises(customer("Okay, and one more thing."), seller("Yep, that's a permission setting. Easy."))
    assert (m.commitment_kind, m.minimizer) == ("implicit", "Easy")


def test_an_answer_to_a_stated_need_takes_its_category():
    (m,) = promises(customer("So, um, anything over fifty K needs a second approver from finance."),
                    seller("Yep. So that part, honestly, that's a pretty simple config on our side."))
    assert m.category == "approval_workflow" and m.commitment_kind == "implicit"


def test_no_problem_after_small_talk_promises_nothing():
    lines = (customer("Sorry, running late, the traffic was brutal."),
             seller("No problem at all, happens to everyone."))
    assert quotes(*lines) == []


def test_two_turn_affirmation_takes_the_category_of_the_ask():
    (m,) = promises(customer("Can you guys handle the migration off our old ticketing database?"),
                    seller("Yeah, um, that's on us."))
    assert m.category == "data_import"


def test_an_on_topic_answer_counts_even_without_a_promise_word():
    (m,) = promises(customer("What about uptime?"), seller("There's a 99.95% uptime SLA in the enterprise plan."))
    assert m.category == "support_sla"


def test_several_promises_in_one_turn_are_separate():
    found = quotes(seller("Setup is about a week—we load your historical tickets, and I'll run the admin "
                          "training myself. Support is 24/7 with a named engineer."))
    assert found == ["Setup is about a week", "we load your historical tickets",
                     "I'll run the admin training myself.", "Support is 24/7 with a named engineer."]


def test_two_categories_in_one_clause_are_cut_when_each_half_stands_alone():
    found = promises(seller("We'd do a three-day setup to configure your queues and connect to your Zendesk."))
    assert [(m.quote, m.category) for m in found] == [
        ("We'd do a three-day setup to configure your queues", "onboarding_training"),
        ("connect to your Zendesk.", "integration_api"),
    ]


def test_quote_is_an_exact_substring_even_with_fillers_and_false_starts():
    text = "So, uh, we- we can, you know, turn on SAML for you by, um, next Friday."
    (m,) = promises(seller(text))
    assert m.quote in text and m.category == "sso" and m.due and "Friday" in m.due


def test_a_hedged_promise_with_a_dated_answer_still_counts():
    found = quotes(customer("Can we pay monthly?"),
                   seller("We usually don't, but let me check with finance. Can I get back to you by Thursday?"))
    assert found == ["Can I get back to you by Thursday?"]


def test_a_hedged_but_dated_promise_is_still_a_promise():
    (m,) = promises(customer("Can you do SSO?"),
                    seller("I think we can probably get SAML in by end of next month, but don't hold me to it."))
    assert m.category == "sso" and m.due == "by end of next month"


def test_a_spelled_out_range_is_a_due_phrase():
    (m,) = promises(seller("Our engineers would build the Jira connector, probably six to eight weeks."))
    assert m.due == "six to eight weeks"


def test_an_offer_phrased_as_a_question_counts():
    (m,) = promises(seller("What if we had our services team build the Jira connector at cost?"))
    assert m.category == "integration_api"


def test_a_tour_line_nobody_asked_about_is_no_hidden_work():
    lines = (customer("We mostly need the scheduling piece, honestly."),
             seller("We also have native mobile apps for iOS and Android."))
    assert promises(*lines) == [] and "mobile" not in asks(*lines)


def test_the_same_line_offered_to_this_customer_is_hidden_work():
    lines = (customer("We mostly need the scheduling piece, honestly."),
             seller("Your techs will get the mobile app for iOS and Android too."))
    (m,) = promises(*lines)
    assert m.category == "mobile" and "mobile" in asks(*lines)


# --- what does not count --------------------------------------------------

def test_sales_admin_follow_ups_are_not_commitments():
    assert quotes(seller("I'll send over the deck and a calendar invite for Thursday."),
                  seller("Let me set up a follow-up call with our solutions engineer."),
                  seller("You'll have the proposal and the order form in your inbox today.")) == []


def test_sending_the_evidence_a_security_review_needs_is_a_commitment():
    (m,) = promises(seller("I'll send our SOC 2 Type II report and the pen test summary today."))
    assert m.category == "compliance_security"


def test_seller_questions_are_not_commitments():
    assert quotes(seller("How many agents would need access on day one?")) == []


def test_what_other_customers_see_is_not_a_commitment():
    assert quotes(seller("One of our clients cut their ticket backlog by 40% in a quarter."),
                  seller("We typically see payback inside six months across our customers.")) == []


def test_how_long_other_teams_take_is_a_story_not_a_date():
    said = "Understood. Most teams get that done in about two weeks."
    assert quotes(customer("We need to get budget approved."), seller(said)) == []


def test_roi_arithmetic_is_not_a_commitment():
    assert quotes(seller("Say it only saves each rep an hour a day, that's roughly $400K in additional revenue.")) == []


def test_hedged_non_answers_are_not_commitments():
    assert quotes(customer("Do you do on-prem?"),
                  seller("Hmm, I'm not sure, I'll have to check with the team on that one.")) == []


def test_work_the_seller_puts_on_the_customer_is_not_a_vendor_promise():
    assert quotes(seller("Your IT folks would need to upload the IdP metadata on their side.")) == []
    assert quotes(seller("So we'd want your admin to, uh, export the old tickets first.")) == []
    assert quotes(seller("It's the standard install, your IT admin can do it in like ten minutes.")) == []
    assert quotes(seller("Then your team spot-checks a sample of the records before sign-off.")) == []
    assert quotes(seller("If you can get us the old price lists by Monday, I think that works.")) == []


def test_work_put_on_the_customer_is_still_hidden_work():
    # No promise, but the import exists, and the customer has a part in it.
    found = mentions(customer("How do the old recipes get in?"),
                     seller("You'd need to clean up the old data before the migration."))
    assert not [m for m in found if m.kind == "commitment"]
    assert "data_import" in {m.category for m in found if m.kind == "ask" and m.turn == 1}


def test_the_seller_restating_the_customers_need_is_not_a_promise():
    assert quotes(seller("It sounds like your team needs SSO before the pilot."),
                  seller("So what I'm hearing is you need the CRM sync on day one.")) == []


def test_demo_narration_and_recaps_are_not_commitments():
    assert quotes(seller("Let me pull up the admin screen. As you can see, this is the audit view."),
                  seller("You mentioned your reps live in Salesforce all day.")) == []


def test_naming_the_customers_need_back_is_not_a_promise():
    need = customer("So when a shipment's damaged, uh, someone has to sign off before we credit it.")
    assert quotes(need, seller("Okay, right, so that's a claims approval flow.")) == []
    assert quotes(need, seller("yeah so that's an exception report basically")) == []


def test_so_thats_a_price_or_a_duration_still_counts():
    assert quotes(seller("So that's a flat fee of $500 a month for your team.")) != []
    assert quotes(seller("So that's a two week setup and you're live.")) != []


def test_a_generic_design_claim_is_not_a_promise():
    growth = customer("What about growth?")
    assert quotes(growth, seller("Absolutely, the engine is designed to scale with load.")) == []
    assert quotes(seller("It's built to be, um, really developer-friendly.")) == []


def test_a_tour_aside_nobody_raised_is_not_a_promise():
    assert quotes(seller("Um, and we also have a mobile app for the field guys, and, uh, an API.")) == []
    assert quotes(customer("How's the weather up there?"), seller("Plus we have Okta login, whatever.")) == []


def test_a_tour_aside_on_a_raised_need_or_for_you_still_counts():
    need = customer("Our techs would need the mobile app, um, offline.")
    assert quotes(need, seller("Great, we also have a mobile app that works offline.")) != []
    assert quotes(seller("We also have an API your team can script against.")) != []
    assert quotes(seller("We also offer 10% off if you go annual.")) != []


def test_a_promise_that_trails_off_is_not_a_promise():
    ask = customer("Can we bring the old tickets over from Zendesk?")
    assert quotes(ask, seller("Yeah so we can — well, the attachments are, um.")) == []
    assert quotes(ask, seller("So we'd move the, uh…")) == []


def test_an_embedded_question_at_the_end_is_not_trailing_off():
    assert quotes(seller("It'll tell you, for each deal, exactly what the blocker is.")) != []


def test_a_spoken_price_is_a_commitment():
    (m,) = promises(customer("What would that cost us?"), seller("Honestly it's, um, twenty five cents a payout."))
    assert m.category is None


@pytest.mark.parametrize("said", [
    "So for sixty users we're at, um, ninety-five thousand a year.",
    "The setup work is about twenty thousand, one time.",
    "There's a one time setup fee of eight thousand.",
    "Support is fifteen percent on top of the licence.",
    "It comes to four and a half cents a transaction.",
    "Premium support is seventy dollars per seat.",
])
def test_a_price_said_in_words_is_a_commitment(said):
    (m,) = promises(customer("And what does all that cost?"), seller(said))
    assert m.quote == said


@pytest.mark.parametrize("said", [
    "We had about forty thousand people texting in that storm.",
    "Your team checks two percent of the boxes before go-live.",
])
def test_a_number_that_is_not_a_price_is_not_one(said):
    assert quotes(customer("How big was it?"), seller(said)) == []


@pytest.mark.parametrize(("said", "due"), [
    ("If you sign by the end of the month, the crews are live by March 3rd.", "by March 3rd"),
    ("So if we get the paperwork done this month, we'd have you live in six weeks.", "in six weeks"),
    ("if we sign by friday texting and the map are live by june fifteenth", "by june fifteenth"),
    ("Once your IT team has the agent installed by, say, Tuesday, we'll finish the sync before May's out.",
     "before May's out"),
    ("I can take ten percent off if you sign by the end of June.", "by the end of June"),  # the offer's own date
])
def test_a_promise_is_due_when_it_is_delivered_not_when_the_deal_is_signed(said, due):
    (m,) = promises(customer("How fast can we get going?"), seller(said))
    assert m.due == due


@pytest.mark.parametrize("said", [
    "You'd be fully live well before November.",
    "Roughly, you're all live in about ten weeks.",
    "You'd have a sandbox by Friday.",
])
def test_a_go_live_plan_told_to_the_customer_is_a_dated_promise(said):
    (m,) = promises(customer("What does the timeline look like?"), seller(said))
    assert m.quote == said and m.due


def test_a_buying_condition_on_its_own_promises_nothing():
    ask = customer("and how fast can we, um, get going")
    found = quotes(ask, seller("so if you guys sign by like the end of the month uh yeah you'd be live in march"))
    assert found == ["yeah you'd be live in march"]  # the go-live is promised; "so if you guys sign" is not
    assert quotes(seller("Okay, and if we decide in the next couple of weeks.")) == []


def test_a_condition_with_its_promise_still_counts():
    assert quotes(seller("Once you sign, we kick off implementation within 48 hours.")) != []
    assert quotes(seller("if you sign this week we'll waive the setup fee")) != []


def test_how_the_promised_thing_works_is_part_of_the_promise():
    found = promises(customer("Our ERP is NetSuite. Payouts have to post back as journal entries."),
                     seller("We have a NetSuite connector. It posts each batch as a journal entry, mapped to your GL."))
    assert [(m.quote, m.category) for m in found] == [
        ("We have a NetSuite connector.", "integration_api"),
        ("It posts each batch as a journal entry, mapped to your GL.", "integration_api")]


def test_an_opinion_after_a_promise_is_not_one():
    found = promises(customer("Does the dispatch board update live?"),
                     seller("Yes, the board refreshes every few seconds. It looks great on a big screen."))
    assert [m.quote for m in found] == ["Yes, the board refreshes every few seconds."]


def test_pleasantries_are_not_commitments():
    assert quotes(seller("Thanks so much for making the time today, really appreciate it.")) == []


def test_puffery_is_not_a_commitment():
    assert quotes(seller("We're the industry-leading, best-in-class platform and we integrate with everything.")) == []


def test_the_customer_saying_well_need_is_not_a_commitment():
    assert quotes(customer("We'll need to get our security team to sign off first.")) == []


def test_unknown_side_never_yields_commitments():
    assert quotes(("unknown", "We'll have SSO live for you by Friday.")) == []


# --- messy, unpunctuated speech ------------------------------------------

def test_a_run_on_turn_yields_one_promise_per_statement():
    found = promises(
        customer("the tutors are on chromebooks half the time and the timetable lives in a spreadsheet"),
        seller("okay so the timetable importer reads your spreadsheet as is we load it for you in the first week "
               "and um the app works on chromebooks no problem"),
    )
    quotes_ = [m.quote for m in found]
    assert any("we load it for you in the first week" in q for q in quotes_)
    assert any("the app works on chromebooks" in q for q in quotes_)
    assert not any("first week" in q and "chromebooks" in q for q in quotes_)


def test_a_conditional_start_does_not_hide_the_promise():
    (m,) = promises(customer("how long to get going we open in april"),
                    seller("if we get the order in this month the crew would have you live in six weeks"))
    assert "have you live in six weeks" in m.quote and m.category == "onboarding_training"


@pytest.mark.parametrize("refusal", [
    "we don't offer a self-hosted edition, it's cloud only",
    "honestly we don't support the desktop version of that",
    "I can't do net ninety terms on this plan",
])
def test_a_refusal_is_not_a_promise(refusal):
    assert quotes(customer("Can we get that?"), seller(refusal)) == []


@pytest.mark.parametrize("hedge", [
    "I'd want to double check how the sync treats seasonal staff",
    "I'd want our payroll lead to confirm what it covers for you",
    "I don't want to promise June without seeing your rosters",
    "Honestly it varies, I'd rather scope it than throw out a number",
    "I think it does the rota side but let me find out",
])
def test_hedges_in_spoken_form_are_not_promises(hedge):
    assert quotes(customer("Does it cover the rota import?"), seller(hedge)) == []


def test_that_is_standard_is_an_implicit_promise():
    (m,) = promises(customer("We need Okta for all staff."), seller("Okta, that's totally standard."))
    assert m.category == "sso"


def test_checking_the_line_is_not_a_promise():
    assert quotes(seller("ok i think we're live can everybody hear me")) == []


@pytest.mark.parametrize("said", [
    "So here's what I'd propose.",
    "Okay, here's what I'd do.",
    "And I'll be straight with you.",
    "I'll stop there.",
])
def test_announcing_what_comes_next_promises_nothing(said):
    assert quotes(customer("So where does that leave us?"), seller(said)) == []


@pytest.mark.parametrize("said", [
    "Your dispatchers get two sessions with me over Zoom.",
    "A contractor only sees the jobs they're assigned to.",
    "The base is nine hundred euro per site per year.",
])
def test_how_it_works_for_them_told_plainly_is_a_commitment(said):
    (m,) = promises(customer("How does that part work for us?"), seller(said))
    assert m.quote == said


@pytest.mark.parametrize("said", [
    "Every user gets their own login on day one.",
    "The sync runs every fifteen minutes.",
    "Refunds go to a manager queue first.",
    "Nothing leaves your network.",
    "Invoices go out on the first of the month.",
    "There's an approval step before anything gets paid.",
    "It plugs straight into QuickBooks.",
    "Support answers within the hour on weekdays.",
])
def test_how_it_works_said_in_the_present_is_a_commitment(said):
    (m,) = promises(customer("How would that work for us?"), seller(said))
    assert m.quote == said


@pytest.mark.parametrize("said", [
    "I'll ping legal about the MSA.",
    "We'll see how the pilot goes.",
    "Honestly, I'd have to see your files before saying yes.",
])
def test_wait_and_see_and_internal_errands_promise_nothing(said):
    assert quotes(customer("How would that work for us?"), seller(said)) == []


def test_a_hedge_taken_back_with_but_still_promises_what_follows():
    found = quotes(customer("Who loads the old data?"),
                   seller("We'd have to see the files first, but normally our team does the import for you."))
    assert found


@pytest.mark.parametrize(("said", "due"), [
    ("Give us two sprints and it's done.", "Give us two sprints"),
    ("End of next week, worst case.", "End of next week"),
    ("Expect it early next month.", "early next month"),
    ("Realistically we'd land it mid-Q3.", "mid-Q3"),
])
def test_a_date_said_without_by_or_in_is_still_the_due_date(said, due):
    (m,) = promises(customer("When could we have that?"), seller(said))
    assert m.due == due


@pytest.mark.parametrize(("asked", "said", "category"), [
    ("Can managers approve refunds first?", "Sure, you can turn that on per team.", "approval_workflow"),
    ("Can we export to Excel?", "One click, any view.", "export_reporting"),
    ("Will you migrate our old tickets?", "We will, all of them, before go-live.", "data_import"),
])
def test_a_short_yes_takes_the_category_of_what_was_asked(asked, said, category):
    (m,) = promises(customer(asked), seller(said))
    assert m.category == category


@pytest.mark.parametrize(("asked", "said"), [
    ("Will the techs be able to use it in basements?", "Checklists and photos all work offline."),
    ("What happens when a customer pays?", "Payments post to the invoice automatically."),
    ("What about edits to the chart?", "Each edit keeps the old value, who made it and when."),
    ("Can we get it in Excel?", "Every report exports to Excel."),
    ("And card payments?", "For card payments it auto-reconciles."),
    ("Will our old invoices come across?", "Open invoices from the last two years come over."),
    ("Can each warehouse have a different approver?", "The final sign-off can be locked to the warehouse lead."),
    ("Can we pay by bank transfer?", "Bank transfer is fine."),
    ("What if the supervisor is out?", "He approves from the app on his phone."),
    ("What if two people scan the same aisle?", "It merges the two counts."),
    ("Where do the orders end up?", "Each order goes straight into your ERP as a draft."),
    ("Do you keep track of changes?", "Every edit gets recorded with the user and the time."),
    ("Can a clerk give a refund?", "A supervisor can waive the fee on a single order."),
    ("Can they book before the safety course?", "The book button doesn't appear until the course is signed off."),
    ("Is there someone at night?", "The phone line is twenty-four seven for outages."),
    ("Can one account pay monthly?", "That's a setting on the account."),
    ("Does the status go back to the PMS?", "Room status goes both ways."),
    ("What happens when a room is done?", "The board shows it clean right away."),
])
def test_how_the_product_behaves_said_in_answer_is_a_commitment(asked, said):
    (m,) = promises(customer(asked), seller(said))
    assert m.quote == said


@pytest.mark.parametrize("said", [
    "Lots of people work with spreadsheets.",
    "Most of our clients work with a reseller.",
    "So you stop getting those emails at night.",
    "If your scanner sends a duplicate, nothing happens.",
    "It depends on your volume.",
    "The export can take a while on big files.",
    "The sync can fail if the VPN drops.",
    "That's worth $500 a month.",
])
def test_talk_that_only_sounds_like_how_it_behaves_is_not_a_commitment(said):
    assert quotes(customer("What does that mean for us?"), seller(said)) == []


@pytest.mark.parametrize(("situation", "said"), [
    ("Half the crews work in basements with no signal.", "Checklists and photos all work offline."),
    ("Our auditors always ask who changed a price.", "Each edit keeps the old value, who made it and when."),
])
def test_how_the_product_behaves_said_to_a_situation_that_names_the_work_is_a_commitment(situation, said):
    assert quotes(customer(situation), seller(said)) == [said]


def test_how_the_product_behaves_said_unasked_is_a_tour_not_a_promise():
    assert quotes(customer("We run six clinics."), seller("Checklists and photos all work offline.")) == []


@pytest.mark.parametrize("said", [
    "I'll send both over today.",
    "Let's do a quick call next Tuesday once Ana has looked at it.",
    "I'll put thirty minutes on Friday with Raj to go through your sheet.",
    "I'll get some dates from you.",
    "We don't push anything back into your ERP.",
    "I can't give you a date for the second site until they confirm.",
    "For March I'd need the asset list by the tenth of February.",
    "We could probably look at a notification for that, I think that could be doable.",
    "I'd want to try it at one site before I tell you it works everywhere.",
    "You'd export the totals and fill in the form yourself for now.",
    "I think we can do the older version too, I'll double check with the product team.",
    "We can't submit the claims for you.",
    "We don't sync the archived ledgers, only the open ones.",
    "I'd need you to pick the two pilot stores.",
    "I'd need three things from you before the kickoff.",
    "That's if I get the vendor list by the ninth of March.",
    "I'll come back to you on that.",
    "Will do. Good luck on Thursday.",
    "Of course, go ahead.",
    "Done, I'll bring the donuts.",
    "I'm free Thursday after two.",
    "More than three steps isn't something I'd promise.",
    "I'd hold off on that for now.",
    "I'll get the proposal and the agreement over today.",
    "I'll send the onboarding packet by Thursday.",
])
def test_next_touches_refusals_their_homework_and_held_back_answers_promise_nothing(said):
    assert quotes(customer("Okay, what happens next?"), seller(said)) == []


def test_what_they_can_do_themselves_is_still_a_promise():
    said = "You redraw the zones yourself in the admin screen, no ticket needed."
    assert quotes(customer("Can we change the zones?"), seller(said)) == [said]


def test_a_need_said_of_a_colleague_is_answered_by_the_promise_that_follows():
    said = "The field app is on iPhone and Android."
    (m,) = promises(customer("Maria drives between sites all day. She needs this on her phone."), seller(said))
    assert (m.quote, m.category) == (said, "mobile")


@pytest.mark.parametrize(("said", "found"), [
    ("it's nine hundred a month for the platform and then four dollars per shipment so that's about eleven "
     "hundred a month all in", ["so that's about eleven hundred a month all in"]),
    ("So that's about $1,400 a month.", ["So that's about $1,400 a month."]),
    ("That's roughly forty thousand a year you stop losing to no-shows.", []),
    ("That's about two hundred hours a month back for your dispatchers.", []),
])
def test_adding_up_the_price_is_a_promise_but_adding_up_the_savings_is_not(said, found):
    quoted = quotes(customer("Okay, what does it cost?"), seller(said))
    assert [q for q in quoted if "that's" in q.lower()] == found


@pytest.mark.parametrize(("asked", "said", "found"), [
    ("Who trains the new hires?", "We'll run a session at each site, and there are short videos for new hires.",
     ["We'll run a session at each site", "there are short videos for new hires."]),
    ("Who trains the new hires?", "There are short videos for new hires.", ["There are short videos for new hires."]),
    ("Can we try it first?", "There's a sandbox with your data in it for a month.",
     ["There's a sandbox with your data in it for a month."]),
])
def test_what_is_there_for_them_said_in_answer_is_a_promise_of_its_own(asked, said, found):
    assert quotes(customer(asked), seller(said)) == found


def test_what_there_is_a_lot_of_is_no_promise():
    assert quotes(customer("Who trains the new hires?"), seller("There's a lot of turnover everywhere.")) == []


@pytest.mark.parametrize("said", [
    "I'll get back to you on the API question by Friday.",
    "I'll come back to you with how we'd map it before the end of the week.",
])
def test_an_answer_promised_by_a_date_is_a_dated_promise(said):
    (m,) = promises(customer("Can it push to our ERP?"), seller(said))
    assert m.quote == said and m.due


@pytest.mark.parametrize(("said", "found"), [
    ("We'll run two sessions for your front desk on site, and a short guide for patients that you can post.",
     ["We'll run two sessions for your front desk on site", "a short guide for patients that you can post."]),
    ("We train your nurses over two half days plus a sandbox with your own forms in it for a month.",
     ["We train your nurses over two half days", "a sandbox with your own forms in it for a month."]),
    ("We'll set up a login for every nurse, and a backup code.",
     ["We'll set up a login for every nurse, and a backup code."]),
])
def test_each_deliverable_of_a_list_is_a_promise_of_its_own(said, found):
    assert quotes(customer("What about training?"), seller(said)) == found


@pytest.mark.parametrize(("asked", "said"), [
    ("How does the pricing work?", "The office staff are free, only the field crew counts."),
    ("What if a driver quits mid-month?", "You pay for whoever drove that month."),
    ("And if the order is cancelled?", "If it's cancelled, you don't pay."),
    ("And the admins?", "No charge on top for the admins."),
    ("Who trains Dana?", "Dana gets two hours with me on the billing screens."),
])
def test_what_is_charged_for_and_who_gets_time_with_us_are_promises(asked, said):
    assert quotes(customer(asked), seller(said)) == [said]


def test_the_next_step_of_a_dated_plan_is_a_promise_too():
    said = "We can have your two busiest stores on it by March first. Then everyone else in April."
    found = promises(customer("How fast?"), seller(said))
    assert [(m.quote, m.due) for m in found] == [
        ("We can have your two busiest stores on it by March first.", "by March first"),
        ("Then everyone else in April.", "in April"),
    ]


def test_being_available_whenever_something_breaks_is_a_promise_not_scheduling():
    said = "We're available at any time if something breaks."
    assert quotes(customer("What if it breaks at night?"), seller(said)) == [said]


def test_a_promise_naming_no_category_takes_the_situation_it_answers():
    (m,) = promises(customer("Half the crews work in basements with no signal."), seller("It works fine there too."))
    assert m.category == "mobile"


def test_a_need_that_names_no_category_is_answered_and_the_answer_names_the_work():
    need = "Our drug counts are on paper. I want one electronic record of every draw, with the balance."
    found = mentions(customer(need), seller("Every entry is stamped with who made it and exactly when."))
    assert [(m.kind, m.category) for m in found] == [("commitment", "audit_logs"), ("ask", "audit_logs")]


@pytest.mark.parametrize("said", [
    "Adding a new driver takes like ten seconds.",
    "The cashiers will get the hang of it in five minutes.",
    "Honestly, it's really nothing on your side.",
])
def test_saying_the_work_is_small_is_a_promise_after_a_promise(said):
    found = quotes(customer("Can we add our own depots?"), seller(f"Yes, you add depots in the settings. {said}"))
    assert found == ["Yes, you add depots in the settings.", said]


def test_a_colleague_who_adds_to_the_answer_answers_the_same_question():
    found = quotes(customer("Can we put the weekly report on a schedule?"),
                   seller("Yes, it can go to your inbox every Monday."), partner("Setting that up is one click."))
    assert found == ["Yes, it can go to your inbox every Monday.", "Setting that up is one click."]


@pytest.mark.parametrize("said", [
    "And that June date assumes we get the old rosters by May first.",
    "That timeline needs your payroll file by the tenth.",
])
def test_what_a_date_assumes_of_the_customer_is_their_work_not_a_promise(said):
    assert quotes(customer("When could we be live?"), seller("We'd have you live by June first."), partner(said)) == [
        "We'd have you live by June first."]


@pytest.mark.parametrize(("need", "said", "category"), [
    ("What I do need is something for the owners every quarter.", "That's a standard report, sales by store.",
     "export_reporting"),
    ("The guest records are all Europeans, passport numbers and all. Where does it all live?",
     "All data of our European customers is in Dublin.", "compliance_security"),
])
def test_a_need_that_names_no_work_is_answered_by_the_work_the_answer_names(need, said, category):
    (m,) = promises(customer(need), seller(said))
    assert (m.quote, m.category) == (said, category)


def test_answering_what_features_there_are_is_a_tour_not_a_need():
    assert promises(customer("Oh nice. What kind of features?"), seller("Route maps and a weekly report.")) == []


@pytest.mark.parametrize("said", [
    "I won't promise the Friday date today.",
    "I cannot promise he is on every call.",
    "I won't pretend there's a weekend line, there isn't.",
    "I think we lost Priya.",
    "Ugh, her wifi has been doing this all morning.",
    "The scanned binders we don't import.",
    "We won't read the faxes and turn them into records.",
    "The older ledgers I would have to look.",
    "Nobody on our side is going to retype the paper logbooks.",
    "Okay, I think we're all in.",
    "I will write you.",
])
def test_refusing_to_promise_losing_a_colleague_and_joining_promise_nothing(said):
    assert quotes(customer("Can you do the Friday go-live?"), seller(said)) == []


def test_how_it_does_what_the_customer_asked_for_earlier_in_the_call_is_a_promise():
    said = "A supervisor can edit only their own crew's hours."
    found = quotes(customer("Our supervisors must never touch another crew's hours."), seller("Noted."),
                   customer("Ha, our lawyer would agree."), seller(said))
    assert found == [said]


def test_how_it_does_something_nobody_asked_about_is_still_a_tour():
    said = "A supervisor can edit only their own crew's hours."
    assert quotes(customer("We run four crews."), seller("Noted."), customer("Ha, ok."), seller(said)) == []


def test_an_offer_the_buyers_turn_down_at_once_promises_nothing():
    offer = "We could also turn on the mobile app for the drivers."
    assert quotes(customer("What else?"), seller(offer), customer("No, no. Paper is fine for them.")) == []
    assert asks(customer("What else?"), seller(offer), customer("No, no. Paper is fine for them.")) == set()
    assert quotes(customer("What else?"), seller(offer), customer("Oh, nice, the drivers would like that.")) == [offer]


def test_a_promise_met_with_no_problem_stands():
    said = "We'll have the export running by Friday."
    assert quotes(customer("Okay."), seller(said), customer("No problem, thanks.")) == [said]


@pytest.mark.parametrize(("asked", "said"), [
    ("Will any of our member records leave Canada?", "No. We will not move your data outside Canada, ever."),
    ("Do you store anything overseas?", "We will not move a single record beyond the EU region."),
    ("Can your staff see what our nurses write?", "We don't read your notes; the model only sees the metadata."),
])
def test_keeping_their_data_in_place_or_unread_is_a_promise_not_a_scope_out(asked, said):
    # "The scanned binders we don't import" leaves work out; "we won't move your data outside Canada"
    # is exactly what a compliance buyer holds the vendor to.
    assert quotes(customer(asked), seller(said)) != []


@pytest.mark.parametrize(("asked", "said"), [
    ("What if the main site goes down?", "The system can fail over to the second region in under a minute."),
    ("What happens when a card payment bounces?", "Anything that could fail gets retried automatically three times."),
])
def test_recovering_from_a_failure_is_a_promise_not_a_caveat(asked, said):
    # "The export can take a while" warns; failing over, or retrying whatever could fail, is what they buy.
    assert quotes(customer(asked), seller(said)) == [said]


@pytest.mark.parametrize(("asked", "said"), [
    ("Our EHR is Epic. Can you connect to it?", "Yes, we'll write you an integration for Epic during onboarding."),
    ("We need the old bin counts moved over.", "We'll write you a custom importer for those spreadsheets."),
    ("Can it flag the late loads?", "Sure, I'll write you two alert rules for the late loads."),
])
def test_writing_them_a_piece_of_work_is_a_promise_not_a_follow_up_note(asked, said):
    # "I will write you" (a note later) is sales admin; what is written for them is delivered work.
    assert quotes(customer(asked), seller(said)) == [said]


@pytest.mark.parametrize("said", [
    "Still nothing on your end, I think you're on mute.",
    "I'm hearing nothing on your side, maybe try dialing back in.",
])
def test_hearing_nothing_from_them_is_an_audio_check_not_small_work(said):
    # "It's really nothing on your side" says the work is small; hearing nothing on their end is a bad line.
    assert quotes(customer("Hello? Can you hear me now?"), seller(said)) == []


@pytest.mark.parametrize(("asked", "said"), [
    ("So how did you end up at this company?", "I ran the mobile team at a bank for six years."),
    ("How many people are on your team?", "About forty, the support team is twelve of those."),
    ("How was the conference last week?", "Busy, our whole onboarding crew ran the booth."),
])
def test_small_talk_about_the_seller_is_no_need_for_the_answer_to_name(asked, said):
    # "What I do need is something for the owners" is answered by the work the answer names; a question
    # about the seller's career or company is small talk, so the answer promises nothing.
    assert mentions(customer(asked), seller(said)) == []


def test_what_is_promised_after_refusing_another_promise_still_counts():
    # "I won't promise X" holds back X only; "but ..." with its own subject is the promise they can hold.
    said = "I won't promise a date on the mobile app, but the web portal is live for you on the first."
    found = quotes(customer("When will we be live?"), seller(said))
    assert found == ["but the web portal is live for you on the first."]


@pytest.mark.parametrize("said", [
    "I can't promise the mobile date, but we'll do our best.",
    "I won't promise the Friday date, but we will try.",
])
def test_trying_after_refusing_to_promise_is_still_no_promise(said):
    assert quotes(customer("When will we be live?"), seller(said)) == []


@pytest.mark.parametrize("said", [
    "So that's the import.",
    "So that's the sign-off step.",
    "Great, so I've got Tomasz with me, he runs onboarding for our clinics.",
    "Great, I'll put that training in the quote.",
])
def test_recapping_the_topic_bringing_a_colleague_in_and_the_proposal_promise_nothing(said):
    assert quotes(customer("Okay, and what happens after that?"), seller(said)) == []


@pytest.mark.parametrize("said", [
    "A bakery we work with in Leeds cut their waste by a third.",
    "We don't write back into your ERP.",
    "Hi all, Sam here. I'll take the billing questions.",
    "We'd need the list of your steps and all the price limits from Dana by the ninth.",
    "That works if we have your export by the first of March.",
    "That's if Maria sends us the logins by Friday.",
])
def test_a_story_a_scope_out_a_colleagues_role_and_what_the_date_needs_from_them_promise_nothing(said):
    assert quotes(customer("Okay, and what about the go-live and the reports?"), seller(said)) == []


def test_a_revenue_report_is_a_report_not_a_return_on_investment_pitch():
    said = "The revenue report per site is there, by month, and it goes to each owner."
    assert quotes(customer("The owners want their numbers every month."), seller(said)) == [said]


@pytest.mark.parametrize(("asked", "said"), [
    ("Can the drivers mark damage on their phones?", "On the tablets yes, and on phones I think so."),
    ("And the security paperwork?", "So from my side, I'll put together the proposal with the SOC 2 under NDA."),
    ("Okay. And the approvals?", "I can tell you both feel strongly about the approvals."),
    ("We don't need the mobile app, honestly.", "Fair enough. I'll stop selling."),
    ("Sorry, we only have the hour.", "Sure, I'll try and keep us on time today, we have a hard stop."),
    ("And the invoices, those come across too?", "Let me be a bit careful with the invoices."),
    ("How do the approvals work?", "So let me give you what the system does."),
    ("You remember what we told you?", "Nadia, you told me the story on the phone last week, so let me play it back."),
    ("Who does the set-up for the new store?", "You'd do the set-up for that one."),
    ("Will it print on our label printers?", "I'd want the printer model numbers though, to be sure."),
    ("what do you need from us for the erp",
     "a read user on each store's erp or a nightly file from them one or the other that part is on you guys"),
    ("Can you take the direct debits over?",
     "GoCardless has to do that transfer for us, it's their process, not ours."),
])
def test_talk_about_the_talk_the_paperwork_and_their_part_promise_nothing(asked, said):
    assert quotes(customer(asked), seller(said)) == []


def test_what_the_customer_just_does_beside_the_vendors_work_is_still_the_promise():
    said = "We flag the expired cards every night, you just check the ones we flag."
    assert quotes(customer("How do we keep the cards current?"), seller(said)) == [said]


def test_an_alternative_held_out_and_turned_down_at_once_promises_nothing():
    offer = "It's a password and a code, or we can connect it to your Google login if you..."
    no = customer("No, no. Nine people. A password is plenty.")
    assert quotes(customer("And the logins?"), seller(offer), no) == []
    assert asks(customer("And the logins?"), seller(offer), no) == set()
    assert quotes(customer("And the logins?"), seller(offer), customer("Google would be great, actually.")) == [offer]


_THEIR_PART = "An ERP user with read access to the orders, and a test system if you've got one."
_THEIR_PART_SPOKEN = "an erp user with read access to the orders and a test system if you've got one"


@pytest.mark.parametrize(("asked", "said"), [
    ("Okay. What do you need from me for that?", _THEIR_PART),
    ("Fine. Do you need anything else from our side?", _THEIR_PART),
    ("and for this you need what from us", _THEIR_PART_SPOKEN),
])
def test_the_buyers_part_named_in_answer_to_what_the_vendor_needs_is_no_promise(asked, said):
    assert quotes(customer(asked), seller(said)) == []
    read = quotes(customer("Can it read our ERP?"), seller(_THEIR_PART))
    assert read == ["An ERP user with read access to the orders"]  # the same words answering a need


def test_a_promise_made_in_answer_to_what_the_vendor_needs_still_counts():
    said = "We'll set up the ERP connection ourselves, you just send us a read-only user."
    assert quotes(customer("What do you need from us for that?"), seller(said)) == [said]


@pytest.mark.parametrize("pitch", [
    "I could show you, we also have a loyalty module for repeat buyers, it's really...",
    "real quick let me pull up one more thing we've got a fuel and mileage piece for the vans it tracks the",
    "They sign in with a code by text, or we can do your Google login.",
])
def test_a_pitch_the_buyers_turn_down_at_once_promises_nothing(pitch):
    assert quotes(customer("Okay, what else?"), seller(pitch), customer("No, we're good on that, let's not.")) == []


@pytest.mark.parametrize("said", [
    "Sure, we'll fill in the county's vendor questionnaire ourselves, you just forward it to me.",
    "we'll fill out the hospital's questionnaire ourselves pass it along",
])
def test_filling_in_their_questionnaire_is_a_promise_even_when_they_forward_it(said):
    assert quotes(customer("The county sends a security questionnaire to every vendor."), seller(said)) == [said]


def test_sending_every_user_their_invite_is_onboarding_work_not_a_calendar_invite():
    said = "We'll load your driver list from that spreadsheet and send every driver their invite."
    assert quotes(customer("We have all the drivers in a spreadsheet."), seller(said)) == [said]
    assert quotes(customer("Can we talk again next week?"), seller("Sure, I'll send you the invite.")) == []


def test_a_second_statement_after_and_is_a_promise_of_its_own_when_both_halves_promise():
    said = "Refunds over fifty wait for your manager to approve them, and the customer gets a text when it's approved."
    assert quotes(customer("Can refunds wait for a manager?"), seller(said)) == [
        "Refunds over fifty wait for your manager to approve them",
        "the customer gets a text when it's approved.",
    ]


def test_a_half_that_promises_nothing_alone_stays_with_the_rest():
    said = "The permit number is a field on the job, and if it expires it warns you before the visit."
    assert quotes(customer("We track permit numbers in a notebook."), seller(said)) == [said]


def test_a_second_statement_about_their_people_after_and_is_its_own_promise():
    said = "The export runs every night, and your finance team gets the file in their inbox by six."
    assert quotes(customer("How does that work for us?"), seller(said)) == [
        "The export runs every night",
        "your finance team gets the file in their inbox by six.",
    ]


def test_a_maybe_one_day_promises_nothing():
    said = "If it ever comes up, we have the paperwork, but it sounds like it won't."
    assert quotes(customer("Does anyone ever ask about security audits?"), seller(said)) == []


def test_naming_the_system_they_just_named_is_work_for_them_like_your():
    said = "We sync with Sage every night, orders and stock, both ways."
    found = promises(customer("Sage. Old Sage. It's paid for and it works, so nobody touches it."), seller(said))
    assert [(m.quote, m.category) for m in found] == [(said, "integration_api")]
    # Not their system: a sync nobody on their side asked for is a tour, its work no hidden work for them.
    found = promises(customer("We like the weather here."), seller(said))
    assert [(m.quote, m.category) for m in found] == [(said, None)]


@pytest.mark.parametrize("said", ["Dynamics we've migrated before.", "The old Access files depend on what's in them."])
def test_done_it_before_and_it_depends_promise_nothing(said):
    assert quotes(customer("We're on Dynamics and some old Access files."), seller(said)) == []
@pytest.mark.parametrize(("asked", "said", "reply"), [
    ("How often does it sync with Xero?", "It syncs with Xero every night, or we can switch it to hourly.",
     "No, nightly is perfect."),
    ("And the logins?",
     "We'll turn on single sign-on with Azure for you before go-live, or we can do your Google login.",
     "No, Azure, definitely."),
    ("Does the app work offline?", "Yes, the app works offline for your drivers, I could show you.",
     "No need, we believe you."),
])
def test_turning_down_the_extra_held_out_after_a_promise_keeps_the_promise(asked, said, reply):
    assert quotes(customer(asked), seller(said), customer(reply)) == [said]


def test_an_offer_that_ends_on_if_you_want_is_turned_down_whole():
    offer = "Then the boats on the dock right now, we can bring those over from the spreadsheet if you want, we..."
    assert quotes(customer("And the current boats?"), seller(offer), customer("No, we'll key those in.")) == []


@pytest.mark.parametrize(("asked", "said"), [
    ("Can the owners get a weekly summary?",
     "Yes, we'll prepare a weekly summary for each owner, it lands in their inbox on Monday."),
    ("Our quotes are all in Word.", "We'll update the quote template for you so it carries your logo and terms."),
    ("Can you bring the old contracts over?",
     "We'll redo the import of every contract so the renewal dates come across."),
    ("Do you sign a BAA?", "Yes, we'll draft a business associate agreement for you, it's standard for clinics."),
])
def test_work_that_reads_like_paperwork_is_still_the_promise(asked, said):
    assert quotes(customer(asked), seller(said)) == [said]


@pytest.mark.parametrize(("asked", "said"), [
    ("Can it handle our forty sites and the Sage export?",
     "I think so far everything you've described we support out of the box, including the Sage export."),
    ("Will you migrate the old tee-time bookings?",
     "Yes, and honestly I think so many clubs get stuck there that we do the whole booking import for you."),
])
def test_i_think_so_far_or_so_many_is_no_hedge(asked, said):
    assert quotes(customer(asked), seller(said)) == [said]


@pytest.mark.parametrize(("asked", "said"), [
    ("Is SSO extra?", "I can tell you that single sign-on is included in your plan."),
    ("When would the import be done?",
     "I can tell you right now, we'll have all your old bookings imported by the end of March."),
    ("And support hours?",
     "I can tell you this much, your team gets a named support engineer and a four-hour response."),
    ("Do you support Okta?", "I can tell you we support Okta out of the box for your team."),
])
def test_i_can_tell_you_leads_into_the_promise(asked, said):
    assert quotes(customer(asked), seller(said)) == [said]


def test_i_can_tell_what_they_feel_is_still_talk_about_the_talk():
    for said in ("I can tell you've been burned by SSO projects before.",
                 "I can tell you both care about the approvals."):
        assert quotes(customer("And the approvals and the SSO?"), seller(said)) == []


def test_someone_of_theirs_keeping_everyone_on_track_through_go_live_is_a_promise():
    said = "Your onboarding manager will keep everyone on track through go-live, with a weekly check-in."
    assert quotes(customer("Will you hold our hands through go-live?"), seller(said)) == [said]
    assert quotes(customer("We only have the hour."), seller("Sure, I'll keep us on time today.")) == []


@pytest.mark.parametrize(("asked", "said"), [
    ("Is the migration extra?", "Let me be very clear, we will not charge you for the data migration."),
    ("Is the audit log editable?", "I want to be clear, nobody can edit or delete an entry in your audit log."),
])
def test_let_me_be_clear_leads_into_the_promise(asked, said):
    assert quotes(customer(asked), seller(said)) == [said]


@pytest.mark.parametrize(("asked", "said"), [
    ("Does it do Okta?", "Let me give you the short answer: yes, we support Okta for your whole team."),
    ("How long is onboarding?", "Let me give you the quick version, your team is live in two weeks."),
])
def test_the_short_answer_announced_is_still_the_answer(asked, said):
    assert quotes(customer(asked), seller(said)) == [said]


def test_a_promise_made_because_of_what_they_told_is_still_a_promise():
    said = "Since you told me the drivers lose signal, the app saves every delivery offline for them."
    assert quotes(customer("The drivers lose signal a lot."), seller(said)) == [said]
    recap = "You told me the rollout is in March, so we'll have the import done by the end of February."
    assert quotes(customer("We go live in March."), seller(recap)) == [recap]


def test_that_part_is_on_your_dashboard_is_the_product_not_their_part():
    said = "That part is on your dashboard from day one, with the late jobs at the top."
    assert quotes(customer("Where do the managers see the late jobs?"), seller(said)) == [said]
    assert quotes(customer("Who cleans the list?"), seller("That bit's on your side, the clean-up.")) == []


def test_how_little_time_their_own_setup_takes_is_still_a_claim():
    said = "You'll do the whole setup in an afternoon, we give your admin a checklist and sit with them."
    assert quotes(customer("How hard is the setup?"), seller(said)) == [said]
    assert quotes(customer("Who does the set-up for the new store?"), seller("You'd do the set-up for that one.")) == []


def test_their_call_then_the_work_the_vendor_takes_on_is_a_promise():
    said = "That's your call, and we'll build whichever approval chain you pick."
    assert quotes(customer("Who decides the approval levels?"), seller(said)) == [said]


def test_a_promise_in_answer_to_what_the_vendor_needs_for_a_piece_of_work_delivers_that_work():
    (m,) = promises(customer("What do you need from us for the import?"), seller("Nothing on your end, we handle it."))
    assert m.category == "data_import"


@pytest.mark.parametrize(("said", "promised"), [
    ("A read-only ADP login, and the hours sync to ADP every Friday night automatically.", None),
    ("Just a read-only login, then the hours post straight into ADP.", None),
    ("Just your Okta admin for an hour, and then single sign-on is live for your staff by March first.",
     "then single sign-on is live for your staff by March first."),
])
def test_what_the_product_then_does_after_their_part_is_a_promise(said, promised):
    assert quotes(customer("What do you need from us for that?"), seller(said)) == [promised or said]


def test_what_they_then_do_after_their_part_is_still_their_part():
    said = "Your logo, and then you send us the member list by Friday."
    assert quotes(customer("What do you need from us?"), seller(said)) == []


@pytest.mark.parametrize("said", [
    "If we get your rate sheet by Friday, we'll have pricing loaded by the 20th.",
    "We'll have the dispatch board live by March if we get your driver list by February.",
    "If we can get you up and running by June, the crews start on the app in July.",
])
def test_a_date_that_hangs_on_what_we_get_from_them_is_still_a_promise(said):
    found = promises(customer("When could we be live?"), seller(said))
    assert [m.quote for m in found] == [said] and found[0].due


@pytest.mark.parametrize("said", [
    "If we can get your dispatchers ten hours back a week, it pays off in a quarter.",
    "If it can get you 15% more jobs a day, that's the whole business case.",
])
def test_a_gain_we_might_get_them_is_an_argument_not_a_promise(said):
    assert quotes(customer("Why would we switch?"), seller(said)) == []


@pytest.mark.parametrize("said", [
    "When a manager approves them, the timesheets go across to Gusto the same night.",
    "Once the driver closes the stop, the proof of delivery goes over to your portal.",
])
def test_how_it_behaves_once_something_happens_answers_the_question(said):
    assert quotes(customer("And then where do they end up?"), seller(said)) == [said]


def test_no_then_that_is_exactly_what_we_need_takes_the_offer():
    offer = "We could set up single sign-on with Azure for your pilot."
    assert quotes(customer("Everyone logs in with Azure."), seller(offer),
                  customer("No, no, that's exactly what we need.")) == [offer]
    assert quotes(customer("Everyone logs in with Azure."), seller(offer),
                  customer("No, passwords are fine for the pilot.")) == []


@pytest.mark.parametrize(("asked", "said"), [
    ("Every spring we change the menu, who does that?", "You change the dishes and prices yourself, no ticket."),
    ("Do we need you to add a new depot?", "No, you add and rename depots yourselves, it's in the settings."),
])
def test_what_they_do_themselves_in_the_product_answers_the_question(asked, said):
    assert quotes(customer(asked), seller(said)) == [said]


def test_what_they_would_have_to_do_themselves_is_no_promise():
    said = "You'd have to change the mapping yourself in that case."
    assert quotes(customer("What if the columns move?"), seller(said)) == []


@pytest.mark.parametrize(("asked", "said"), [
    ("And the fuel dock?", "For slip holders, the fuel goes straight onto their account."),
    ("How do the monthly dues work?", "Each plan is a rate you enter once and it bills on its own."),
    ("What about the buyer's premium?", "The premium and the sales tax? Buyer invoices add both by themselves."),
    ("Can parents pay online?", "Families can pay the balance online by card, or set up autopay."),
])
def test_where_it_lands_and_that_it_runs_by_itself_answers_the_question(asked, said):
    last_sentence = said.rsplit("? ", 1)[-1]
    assert quotes(customer(asked), seller(said)) == [last_sentence]


@pytest.mark.parametrize(("asked", "said"), [
    ("We're a charity, is there anything you can do?", "For charities we take fifteen percent off the licence."),
    ("The second shop is tiny.", "The second shop is half price for the first year."),
    ("Four thousand for setup is steep.", "If you'd be a case study for us, I'll waive the setup fee."),
    ("And for the whole club?", "For forty teams it's eleven hundred twenty a month."),
])
def test_a_discount_or_price_said_in_words_is_a_promise(asked, said):
    assert quotes(customer(asked), seller(said)) == [said]


def test_a_total_per_season_is_the_price_not_arithmetic():
    said = "For clubs we take ten percent off, so that's about four thousand two hundred a season."
    assert quotes(customer("We're a nonprofit club."), seller(said)) == [said]


@pytest.mark.parametrize(("asked", "said"), [
    ("I want to check the instructors' sheets first.", "Each sheet waits for your review before it counts."),
    ("Can someone check the big payouts?", "Payouts over ten thousand wait for Marta to approve them."),
])
def test_held_for_someones_yes_answers_an_approval_need(asked, said):
    found = promises(customer(asked), seller(said))
    assert [(m.quote, m.category) for m in found] == [(said, "approval_workflow")]


def test_chat_support_on_saturdays_is_support_not_a_meeting():
    said = "Email support answers within four hours on weekdays, and chat on Saturday mornings."
    assert quotes(customer("And if the coaches get stuck?"), seller(said)) == [said]


@pytest.mark.parametrize(("asked", "said"), [
    ("Can your system do the payroll?", "We don't run payroll."),
    ("Can you talk to our maintenance tracker?", "Honestly, we haven't connected to Trackline before."),
    ("Does it work with Square?", "Square we haven't built."),
])
def test_a_plain_no_to_what_they_asked_is_no_promise(asked, said):
    assert quotes(customer(asked), seller(said)) == []


def test_what_we_dont_do_to_their_data_is_still_a_promise():
    said = "We don't run anything on your servers, and we don't hold funds until the run closes."
    assert quotes(customer("Where does it run, and do you hold the money?"), seller(said)) != []


@pytest.mark.parametrize(("asked", "said"), [
    ("What do you need to start?", "What I need from your side is a backup of the old database and the price list."),
    ("Okay, the import.", "Marta, could you get me a copy of the Access file by March tenth?"),
    ("And the go-live?", "For that we'd need the workbook and Bo's file by January twentieth."),
    ("Is there a sample?", "I'll send you the one we did last, so your IT can see what's coming."),
    ("Who else should be involved?", "And I'd like a meeting with the college's IT, maybe next week."),
])
def test_what_we_need_from_them_and_follow_ups_promise_nothing(asked, said):
    assert quotes(customer(asked), seller(said)) == []


@pytest.mark.parametrize(("said", "due"), [
    ("If the committee signs by February tenth, your members book courts with us from April first.",
     "from April first"),
    ("With the order form signed by March fourteenth, the three depots run on the new app from May.", "from May"),
])
def test_a_plan_dated_past_its_signing_condition_is_a_promise(said, due):
    found = promises(customer("The board meets next month."), seller(said))
    assert [(m.quote, m.due) for m in found] == [(said, due)]


def test_a_signing_condition_with_only_its_own_date_promises_nothing():
    said = "If the committee signs by February tenth, the members are happy."
    assert quotes(customer("The board meets next month."), seller(said)) == []


def test_taking_back_what_was_just_said_is_no_promise():
    said = "No. Sorry, I say this too fast, this is not how we do it."
    assert quotes(customer("Three weeks for everything?"), seller(said)) == []


def test_how_the_product_sends_it_by_email_is_no_follow_up():
    said = "Yes, the count and the signature go to your customer by email at that moment."
    assert quotes(customer("Can the hospital get the proof of delivery right away?"), seller(said)) == [said]
    assert quotes(customer("Can you send the deck?"), seller("Sure, I'll email that over tonight.")) == []
