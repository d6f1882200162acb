"""Speaker sides: given names win; otherwise hints, labels, companies, then talk."""

from __future__ import annotations

import re

from analyzer.catalogue.triggers import GatedPattern, load_triggers
from analyzer.models import SpeakerHint, Transcript, Turn
from analyzer.sides import _handoff_cues, _hands_off, _talk_cues, assign_sides


def transcript(*turns: tuple[str, str], hints: dict[str, SpeakerHint] | None = None) -> Transcript:
    return Transcript(source="t.txt", turns=[Turn(speaker=s, text=x) for s, x in turns], format="txt",
                      hints=hints or {})


def sides(t: Transcript, sellers: tuple[str, ...] = ()) -> dict[str, str]:
    return {turn.speaker: turn.side for turn in assign_sides(t, sellers).turns}


def test_seller_names_match_label_or_name_part_case_insensitively():
    t = transcript(("AE (Jordan)", "Hi!"), ("Priya", "Hello."), ("AE", "So..."), ("Rohit (acme.io)", "Hey."))
    assert sides(t, ("jordan", "ROHIT")) == {
        "AE (Jordan)": "seller", "Priya": "customer", "AE": "seller", "Rohit (acme.io)": "seller",
    }


def test_a_full_seller_name_matches_a_first_name_label():
    found = sides(transcript(("Alex", "Hi."), ("Lee", "Hey.")), ("Alex Moreno",))
    assert found == {"Alex": "seller", "Lee": "customer"}


def test_the_input_is_not_changed():
    t = transcript(("A", "hi"))
    assign_sides(t, ("A",))
    assert t.turns[0].side == "unknown"


def test_hints_from_the_file_win():
    hints = {"P1": SpeakerHint(side="seller"), "P2": SpeakerHint(side="customer")}
    assert sides(transcript(("P1", "So."), ("P2", "Right."), hints=hints)) == {"P1": "seller", "P2": "customer"}


def test_role_labels_decide():
    t = transcript(("SE (Mo)", "Let me share my screen."), ("Prospect (Ana – COO)", "Sure."),
                   ("SE", "Here it is."), ("Prospect", "Nice."))
    assert sides(t) == {"SE (Mo)": "seller", "Prospect (Ana – COO)": "customer", "SE": "seller", "Prospect": "customer"}


def test_titles_from_the_header_decide():
    hints = {"Kim": SpeakerHint(title="Solutions Engineer"), "Raj": SpeakerHint(title="Director of IT")}
    assert sides(transcript(("Kim", "Okay."), ("Raj", "Okay."), hints=hints)) == {"Kim": "seller", "Raj": "customer"}


def test_colleagues_share_a_company_domain():
    t = transcript(("Ivy (vendor.com)", "Thanks for taking the call, let me show you our platform."),
                   ("Ben (buyer.org)", "Sure."), ("Max (vendor.com)", "Yep."), ("Zoe (buyer.org)", "Hi."))
    assert sides(t) == {"Ivy (vendor.com)": "seller", "Ben (buyer.org)": "customer",
                        "Max (vendor.com)": "seller", "Zoe (buyer.org)": "customer"}


def test_content_tells_the_seller_from_the_customer():
    t = transcript(
        ("Dee", "Hey, thanks for making the time. I know you're, um, evaluating a couple of tools?"),
        ("Gus", "Yeah. Our current process is spreadsheets and, uh, our reps hate it. How does it work with HubSpot?"),
        ("Dee", "Great question. Our platform syncs both ways with HubSpot, and your team gets alerts in Slack."),
        ("Gus", "Okay. And what's the pricing? We need something by Q3."),
        ("Dee", "Pricing is per seat per month, and I'll send over the order form after this."),
    )
    assert sides(t) == {"Dee": "seller", "Gus": "customer"}


def test_a_second_seller_who_hosts_is_found_too():
    t = transcript(
        ("Host", "Hi all, thanks for joining. Quick agenda: Pat walks you through the product, then pricing."),
        ("Buyer", "Sounds good. Our team needs this for our reps."),
        ("Pat", "Let me show you our platform. We integrate with your CRM and your reps get a daily list."),
        ("Buyer", "How does it handle our custom stages? Can you send me the docs?"),
    )
    assert sides(t) == {"Host": "seller", "Buyer": "customer", "Pat": "seller"}


def test_thin_evidence_stays_unknown():
    t = transcript(
        ("Dee", "Thanks for taking the call. Let me show you our platform, our pricing is per seat per month."),
        ("Gus", "How does it work with our current system? Can you send me the docs? We need SSO."),
        ("Noise", "ok"),
    )
    assert sides(t)["Noise"] == "unknown"
    assert sides(t)["Dee"] == "seller" and sides(t)["Gus"] == "customer"


def test_a_quiet_second_buyer_is_the_customer_once_the_seller_is_known():
    t = transcript(
        ("Dee", "Thanks for taking the call. Let me show you our platform, our pricing is per seat per month."),
        ("Gus", "How does it work with our current system? Can you send me the docs?"),
        ("Ann", "Yep."),
        ("Dee", "Sure, and your team gets a sandbox."),
        ("Ann", "Okay, thanks."),
    )
    assert sides(t)["Ann"] == "customer"


def test_of_two_people_the_one_who_clearly_pitches_is_the_seller():
    t = transcript(
        ("Wren", "We need our crews to sign in with their Microsoft accounts."),
        ("Ola", "Yes, we support Microsoft sign-in, and we can turn that on for you next week."),
        ("Wren", "Great. And the office staff shouldn't see payroll."),
        ("Ola", "We'll configure a role for the office staff, it's a quick setting."),
    )
    assert sides(t) == {"Wren": "customer", "Ola": "seller"}


def test_two_people_who_sound_alike_stay_unknown():
    t = transcript(
        ("Wren", "Morning, sorry I'm late, the traffic was terrible."),
        ("Ola", "No worries, it was the same for me this morning."),
        ("Wren", "Shall we wait for the others?"),
        ("Ola", "Sure, let's give them five minutes."),
    )
    assert sides(t) == {"Wren": "unknown", "Ola": "unknown"}


def test_no_evidence_at_all_is_unknown_for_everyone():
    assert sides(transcript(("A", "hello"), ("B", "hi"))) == {"A": "unknown", "B": "unknown"}


def test_a_header_that_writes_company_before_title_still_decides():
    hints = {"Wen": SpeakerHint(title="Brightlane", company="Solutions Engineer"),
             "Ola": SpeakerHint(title="Kestrel Farms", company="Head of Operations")}
    t = transcript(("Wen", "Morning."), ("Ola", "Hi."), hints=hints)
    assert sides(t) == {"Wen": "seller", "Ola": "customer"}


def test_unscripted_talk_tells_an_engineer_answering_from_the_buyers():
    t = transcript(
        ("Ivo", "okay so um last week you said the big thing was the night shift what did you think of the trial"),
        ("Rosa", "yeah so right now we do the handover on paper and it's a deal breaker if that stays"),
        ("Ivo", "got it so Kai's on too he can take the hard ones"),
        ("Kai", "yep so each shift lead gets their own handover screen and you can set the checklist per ward"),
        ("Bo", "will you guys do the, uh, the rota import too?"),
        ("Kai", "we load the rota for you, it's included in the first year"),
        ("Rosa", "and what's it cost for our staff, like ninety nurses"),
    )
    assert sides(t) == {"Ivo": "seller", "Rosa": "customer", "Kai": "seller", "Bo": "customer"}


def test_a_seller_name_that_does_not_speak_here_leaves_the_sides_to_the_talk():
    # One --seller for a folder of calls: in a call where that person is absent, nobody becomes the buyer by default.
    t = transcript(
        ("Dee", "Thanks for making the time. Our platform syncs with HubSpot and your reps get alerts in Slack."),
        ("Gus", "Our current process is spreadsheets. How does it work with our CRM? We need something by Q3."),
        ("Dee", "Pricing is per seat per month, and I'll send over the order form after this."),
    )
    assert sides(t, ("Dana",)) == sides(t) == {"Dee": "seller", "Gus": "customer"}


def test_once_the_buyer_is_known_the_one_other_speaker_is_the_seller():
    t = transcript(
        ("Kim", "Morning, Raj."),
        ("Raj", "Right. Our biggest problem is that our techs still work on paper. We need something by Q3."),
        ("Kim", "Sure, tablets are fine, and user setup happens in the console."),
        ("Raj", "Will we be able to import our old job history? Do you need anything from us for that?"),
    )
    assert sides(t) == {"Kim": "seller", "Raj": "customer"}


def test_the_one_other_speaker_still_needs_to_have_said_something():
    t = transcript(
        ("Raj", "Our biggest problem is that our techs still work on paper. Our current process is spreadsheets."),
        ("Raj", "Will we be able to import our old job history? Do you need anything from us for that?"),
        ("Kim", "Hm."),
    )
    assert sides(t) == {"Raj": "customer", "Kim": "unknown"}


def test_two_sellers_who_share_the_pitch_are_both_found_once_the_buyers_are_known():
    # Neither stands out from the other, but both sound more like sellers than either buyer.
    t = transcript(
        ("Hana", "Morning! Glad you made it. Ravi is going to drive the demo."),
        ("Omar", "Our current process is paper. Our auditors want every change to a spec logged."),
        ("Ravi", "Sure. This is the dashboard, with the open items and the supplier list."),
        ("Lin", "Our biggest problem is the plant network. Will we be able to run it on-prem?"),
        ("Hana", "No, we're cloud only, I'm sorry. I'll send over the recording after."),
        ("Ravi", "Every revision is stored with the user and the reason. Auditors like that screen."),
    )
    assert sides(t) == {"Hana": "seller", "Omar": "customer", "Ravi": "seller", "Lin": "customer"}


def test_a_colleague_the_seller_brings_in_is_a_seller_even_when_answering_like_a_buyer():
    # The implementation engineer talks about "our" data and asks questions back; the introduction settles it.
    t = transcript(
        ("Mara", "Thanks for making the time. Our platform routes work orders and I'll send over pricing after."),
        ("Tom", "Our current process is spreadsheets. Will we be able to import the old jobs?"),
        ("Mara", "Good question. I've got Sunil with me, he leads our onboarding team."),
        ("Sunil", "Hi Tom. How many jobs are there, roughly? And is our import template something you have seen?"),
        ("Tom", "About ten thousand. Our biggest problem is duplicates."),
        ("Sunil", "Okay. We have handled that before, it usually takes a week."),
    )
    assert sides(t) == {"Mara": "seller", "Tom": "customer", "Sunil": "seller"}


def test_a_colleague_the_buyer_brings_in_is_on_the_buyers_side_even_when_explaining_like_a_seller():
    # The buyer's IT lead explains their own setup to the seller, which reads like a demo without the introduction.
    t = transcript(
        ("Mara", "Thanks for making the time. Our platform routes work orders and I'll send over pricing after."),
        ("Tom", "Our current process is spreadsheets. Joining us today is Grace, she runs our IT."),
        ("Grace", "Hi. So you log in with your Okta account, and then you can see the job list and your dashboard."),
        ("Mara", "Great, we support Okta out of the box, and pricing is per seat per month."),
        ("Grace", "You'd get a service account. Does that work for you?"),
    )
    assert sides(t) == {"Mara": "seller", "Tom": "customer", "Grace": "customer"}


def test_an_unnamed_expert_who_answers_the_buyers_questions_is_a_seller():
    # Caption exports number the speakers; the engineer says "we" as much as "you" and never pitches,
    # but the buyers' questions go to them.
    t = transcript(
        ("Speaker 1", "thanks for jumping on so last time you said the main thing was the night shift"),
        ("Speaker 2", "right our biggest problem is that our crews still work on paper"),
        ("Speaker 1", "okay so that's the core of what we do and i'll send over pricing after this"),
        ("Speaker 2", "okay and how does the schedule get into it"),
        ("Speaker 3", "so we read it from your rota system every night and we keep the last version"),
        ("Speaker 4", "do we have to open anything up on our network for that"),
        ("Speaker 3", "no we pull it over an outbound connection so nothing changes on your side"),
        ("Speaker 2", "and what about people who swap shifts"),
        ("Speaker 3", "we pick the swap up in the next sync and the lead gets a note"),
    )
    assert sides(t) == {"Speaker 1": "seller", "Speaker 2": "customer", "Speaker 3": "seller",
                        "Speaker 4": "customer"}


def test_someone_who_answers_the_sellers_questions_stays_a_buyer():
    t = transcript(
        ("Speaker 1", "thanks for jumping on, our platform schedules crews and i'll send over pricing after this"),
        ("Speaker 2", "our biggest problem is that our crews still work on paper"),
        ("Speaker 1", "what do you use for the rota today"),
        ("Speaker 3", "we keep it in a spreadsheet and we email it out every friday"),
        ("Speaker 1", "and how many people are on the night shift"),
        ("Speaker 3", "we have about forty on nights and they swap a lot"),
        ("Speaker 1", "do you want the swaps approved by a lead"),
        ("Speaker 3", "yes we would want the lead to see every swap"),
    )
    assert sides(t)["Speaker 3"] == "customer"


def test_whoever_the_seller_hands_the_floor_to_is_a_seller():
    t = transcript(
        ("Speaker 1", "thanks for joining, our platform schedules crews and i'll send over pricing after this"),
        ("Speaker 2", "our biggest problem is that our crews still work on paper"),
        ("Speaker 1", "yeah we hear that a lot okay dev you want to take it"),
        ("Speaker 3", "sure so we've got the board here and our crews, sorry your crews, show up on the left"),
        ("Speaker 2", "we already have a board"),
        ("Speaker 3", "fair enough"),
    )
    assert sides(t)["Speaker 3"] == "seller"


def test_a_seller_and_the_colleague_they_brought_are_found_together():
    # Both pitch, neither more than the other: together they stand out from the buyers.
    t = transcript(
        ("Kim", "Morning all. I brought Ravi today, he's one of our solutions engineers."),
        ("Ravi", "Hi. Our platform keeps every drawing revision, and pricing is per seat per month."),
        ("Joe", "Sorry I'm late, the inspector took an hour."),
        ("Kim", "No worries. Our platform replaces the binders, and I'll send over the order form after."),
        ("Ravi", "And our mobile app works offline, so your foremen always see the current sheet."),
        ("Ann", "Okay. We had a wall built off an old revision last week."),
        ("Joe", "Yeah. That cost us."),
    )
    assert sides(t) == {"Kim": "seller", "Ravi": "seller", "Joe": "customer", "Ann": "customer"}


def test_a_colleague_the_buyers_check_with_by_name_stays_a_buyer():
    t = transcript(
        ("Cara", "Thanks for making the time. Our platform handles giving, pricing is per seat per month, "
                 "and I'll send over the order form after this."),
        ("Dale", "We've been on the old system since, what, 2004? Is that right, Irene?"),
        ("Irene", "2003, I think."),
        ("Dale", "Does that part come over? Irene, are you okay with that?"),
        ("Irene", "Fine by me, if the statements work."),
        ("Dale", "So how long do the statements take with your system? Irene?"),
        ("Irene", "Three weekends, roughly."),
        ("Cara", "With us it's one click, they go out by email."),
    )
    assert sides(t) == {"Cara": "seller", "Dale": "customer", "Irene": "customer"}


def test_two_who_both_pitch_stand_out_together_from_the_buyers():
    # Neither stands out from the other, and one buyer never says enough to be settled by talk alone.
    t = transcript(
        ("Ana", "Thanks for making the time. Our platform schedules the crews."),
        ("Gil", "Right. We had a rough winter, we lost a few weeks."),
        ("Ben", "Our platform also handles the timesheets."),
        ("Hal", "Okay. We do all of it on paper and we manage."),
        ("Ana", "And I'll send over pricing after this."),
        ("Gil", "Sure, we can look at that."),
        ("Ben", "And the app works offline, so the foremen see the jobs in the field."),
        ("Hal", "Okay, we will think about it."),
    )
    assert sides(t) == {"Ana": "seller", "Ben": "seller", "Gil": "customer", "Hal": "customer"}


def test_a_second_seller_needs_only_to_lean_clearly_to_the_pitch():
    t = transcript(
        ("Ana", "Thanks for making the time. Our platform schedules the crews."),
        ("Gil", "Right. We had a rough winter, we lost a few weeks."),
        ("Ben", "Our platform also handles the timesheets for your people."),
        ("Hal", "Okay. We do all of it on paper and we manage."),
        ("Ana", "And I'll send over pricing after this."),
        ("Gil", "Sure, we can look at that."),
        ("Ben", "And the app works offline, so your foremen see the jobs in the field."),
        ("Hal", "Okay, we will think about it."),
    )
    assert sides(t) == {"Ana": "seller", "Ben": "seller", "Gil": "customer", "Hal": "customer"}


def test_when_nobody_pitches_whoever_answers_the_buyers_is_the_seller():
    # A short call: prices and dates said plainly, nobody presenting "our platform".
    t = transcript(
        ("Ida", "Hi Rosa, hi Tom. What do you need to see today?"),
        ("Rosa", "Our biggest problem is payouts. Our current process is spreadsheets. And the fees?"),
        ("Ida", "The patron pays a dollar fifty a ticket. Nothing for the theater."),
        ("Tom", "We sell at the door too, mostly cash."),
        ("Rosa", "Nothing? Where's the catch?"),
        ("Ida", "Card processing is passed through at cost. That's it."),
        ("Rosa", "Our season opens in September. Is that realistic?"),
        ("Ida", "With the agreement signed in July, we are selling the season by August first."),
        ("Tom", "Good, we need that."),
    )
    assert sides(t) == {"Ida": "seller", "Rosa": "customer", "Tom": "customer"}


def test_a_buyer_handing_the_floor_to_a_colleague_keeps_it_on_the_buyers_side():
    t = transcript(
        ("Sam", "Thanks for making the time. Our platform handles dispatch and I'll send over pricing after this."),
        ("Lee", "Our biggest problem is the night shift. Jen, you want to take that?"),
        ("Jen", "Sure. So at night we have two people and a whiteboard. You'd see every swap on it."),
        ("Sam", "Yes, swaps are built in and the lead gets an alert."),
        ("Jen", "Okay, and does it work offline?"),
        ("Sam", "It does, the app syncs when it's back online."),
    )
    assert sides(t) == {"Sam": "seller", "Lee": "customer", "Jen": "customer"}


# The faster forms the talk and hand-off cues are searched in must find exactly what the cues find.
_SAMPLES = [
    "let me show you our platform, pricing is per user per month.",
    "we do it by hand in excel today; our reps hate it. can you integrate with netsuite?",
    "standby handle: what's the pricing? we're on a tight budget.",
    "raj, you want to take it?", "over to you, dana, for the rest of it!", "take it away_", "the floor is yours\n",
    "thanks for joining. our standard onboarding takes about two weeks.", "",
    "thanks dora for making time. we'd have you live in five weeks, and for your size it's nine hundred.",
    "okay, sam, walk them through the returns screen.", "i'll put together the vendor review packet.",
]


def test_talk_cues_searched_from_their_first_letter_find_what_the_cues_find():
    for name in ("seller_talk", "customer_talk"):
        for written, fast in zip(load_triggers().sides[name], _talk_cues()[name], strict=True):
            plain = GatedPattern.of(written).pattern
            for text in _SAMPLES:
                assert (plain.search(text) is None) == (fast.pattern.search(text) is None), (written, text)


def test_hand_offs_searched_near_the_end_find_what_a_full_search_finds():
    full = [re.compile(p, re.IGNORECASE) for p in load_triggers().sides["handoffs"]]
    for text in _SAMPLES:
        assert _hands_off(text, _handoff_cues()) == any(p.search(text) for p in full), text


def test_asking_how_things_work_today_and_giving_them_their_step_is_the_sellers_talk():
    t = transcript(
        ("Mia", "Hi all. Tell me how a refill request happens today."),
        ("Ron", "Patients call the front desk and somebody writes it on a sticky note."),
        ("Mia", "Got it. Every store gets a queue, and each request lands as a draft for you to approve."),
        ("Ron", "Huh. And the pharmacist sees it right away?"),
        ("Mia", "Right away, on the counter screen."),
        ("Lee", "We have nine stores, and two of them share one pharmacist."),
        ("Mia", "That works, the queue follows the pharmacist."),
        ("Lee", "Okay. We'd want to try it at the two shared ones first."),
    )
    assert sides(t) == {"Mia": "seller", "Ron": "customer", "Lee": "customer"}


def test_a_colleague_announced_by_name_is_on_the_announcers_side_and_the_pair_pitch_together():
    # Jo speaks of "we" more than "you", so leans to the pitch only a little; announcing Priya makes them a team.
    t = transcript(
        ("Jo", "Thanks for fitting us in. Priya is joining too."),
        ("Priya", "Hi everyone."),
        ("Al", "Hi. We run four warehouses and the pickers still work from paper."),
        ("Jo", "Last time Al showed me the paper lists. We think we can fix that."),
        ("Priya", "Our platform pushes the pick list to each picker, and you can assign returns to a queue."),
        ("Bea", "Does it handle returns?"),
        ("Priya", "It does, returns get their own queue."),
        ("Al", "Okay. The pickers change every season though, that's what keeps me up."),
        ("Bea", "And we'll need help with the training, honestly."),
    )
    assert sides(t) == {"Jo": "seller", "Priya": "seller", "Al": "customer", "Bea": "customer"}


def test_someone_who_rejoins_from_their_phone_keeps_their_side():
    # Zoom names the second device after its owner; before the switch Ola said little either way.
    t = transcript(
        ("Vic", "Thanks for making the time. Our platform books the rooms, and you can set a limit per team."),
        ("Ola", "Hi. We went through your notes."),
        ("Pam", "Right now we book rooms by email and it's a mess. Does it handle recurring bookings?"),
        ("Ola", "Sorry, my laptop is dying, switching to my phone."),
        ("Ola's iPhone", "Back. Yes, recurring bookings are built in, and you can lock a room for a whole term."),
        ("Pam", "Can it send the invoice to each department?"),
        ("Ola's iPhone", "Each department gets its own invoice, and you can export the usage."),
        ("Ray", "We need that for the audit, honestly, our finance people ask for it every single month."),
    )
    found = sides(t)
    assert found["Ola"] == found["Ola's iPhone"] == "seller"
    assert found["Pam"] == found["Ray"] == "customer"


def test_a_device_takes_the_side_its_owner_is_given():
    t = transcript(("Vic", "Welcome."), ("Ola", "Hi."), ("Ola's Galaxy", "Back, sorry."), ("Pam", "Hello."))
    assert sides(t, ("Ola",)) == {"Vic": "customer", "Ola": "seller", "Ola's Galaxy": "seller", "Pam": "customer"}


def test_a_buyer_who_says_they_got_a_colleague_here_is_on_the_colleagues_side():
    # Rob talks to the seller ("you ...") like a seller would to a buyer; bringing Ines in tells.
    t = transcript(
        ("Lou", "Thanks for making the time. Our platform tracks the crews, and I'll send over pricing after."),
        ("Rob", "Yeah. So I got Ines here, she runs the office. You tell her what you told me."),
        ("Ines", "Right now we do the hours by hand, and our payroll people retype them."),
        ("Rob", "If you get the hours wrong, you call me, not her."),
        ("Lou", "Every crew gets its own timesheet, and you can approve them from the office."),
        ("Rob", "Okay. Fine."),
    )
    assert sides(t) == {"Lou": "seller", "Rob": "customer", "Ines": "customer"}


def test_a_host_on_an_unpunctuated_recording_is_found_from_how_they_run_the_call():
    # Lower-case ASR, no names: the host thanks the buyers by name, recaps the first call,
    # prices for their size and says when they'd be live.
    t = transcript(
        ("SPEAKER_00", "okay we're recording thanks marta thanks joe for making time today"),
        ("SPEAKER_01", "sure we have until noon"),
        ("SPEAKER_00", "so just to recap from the first call you're doing about three hundred orders a week"),
        ("SPEAKER_01", "about that and most of it comes in by phone"),
        ("SPEAKER_02", "and the phone is the whole problem honestly"),
        ("SPEAKER_00", "for your size it's one thousand two hundred a month and we'd have you live in six weeks"),
        ("SPEAKER_02", "six weeks is fine if it's real"),
        ("SPEAKER_00", "i'll put together the security packet and send it friday"),
        ("SPEAKER_01", "okay send it over"),
    )
    assert sides(t) == {"SPEAKER_00": "seller", "SPEAKER_01": "customer", "SPEAKER_02": "customer"}


def test_a_colleague_the_seller_says_is_on_and_asks_to_walk_them_through_is_a_seller():
    t = transcript(
        ("Ivy", "Morning. Sorry, I'm driving for one more minute. Tariq's on too."),
        ("Tariq", "Morning everyone."),
        ("Dee", "Morning. So our dispatch is a whiteboard, and the drivers call in every stop."),
        ("Ivy", "Got it, our platform replaces the whiteboard. Tariq, walk them through the stop flow."),
        ("Tariq", "So the driver taps arrive, it logs the time, and your office sees it right away."),
        ("Dee", "Does it work without signal? Our yard is a dead zone."),
        ("Tariq", "It queues the stops and sends them later, and you can turn that on per driver."),
    )
    assert sides(t) == {"Ivy": "seller", "Tariq": "seller", "Dee": "customer"}


def test_a_seller_saying_they_will_walk_them_through_something_hands_nobody_the_floor():
    t = transcript(
        ("Vic", "Thanks for making the time. Our platform books the rooms, and you can set a limit per team."),
        ("Pam", "Right now we book rooms by email and it's a mess. Does it handle recurring bookings?"),
        ("Vic", "It does. Sure, I'll walk them through the booking screens next week."),
        ("Pam", "Okay. Our front desk will want that, honestly, they do all of it by hand right now."),
    )
    assert sides(t) == {"Vic": "seller", "Pam": "customer"}


def test_a_device_named_like_another_device_is_nobodys_but_its_own():
    t = transcript(("Ana Ruiz", "Thanks for making the time. Our platform books the rooms."),
                   ("Pixel de Ana", "Back, sorry, my laptop died."), ("Pixel's laptop", "Hello?"),
                   ("Pam", "Right now we book rooms by email and it's a mess."))
    found = sides(t)
    assert found["Pixel de Ana"] == found["Ana Ruiz"] == "seller"
    assert "Pixel's laptop" in found


def test_a_seller_named_by_their_device_makes_its_owner_the_seller():
    t = transcript(("Vic", "Welcome."), ("Ola", "Hi."), ("Ola's iPhone", "Back, sorry."), ("Pam", "Hello."))
    assert sides(t, ("Ola's iPhone",)) == {"Vic": "customer", "Ola": "seller", "Ola's iPhone": "seller",
                                            "Pam": "customer"}


def test_a_lone_seller_who_recaps_the_buyers_manual_steps_is_still_the_seller():
    # One seller, three buyers around one speakerphone. Her recap says "by hand" twice and
    # she is "on it" when something breaks; none of that is a buyer describing their own work.
    t = transcript(
        ("Noor", "Good morning! Can everybody hear me all right?"),
        ("Abe", "We hear you. It's the three of us in the back office."),
        ("Noor", "So the kiln logs get copied by hand into the batch sheet, and the labels are typed by hand."),
        ("Abe", "That's it. And last autumn a label went out with the wrong glaze."),
        ("Lena", "The batch sheet was right. Somebody copied the row above."),
        ("Noor", "You can name who checks each batch, and the label prints from the sheet itself."),
        ("Tomas", "And if the printer jams during the rush?"),
        ("Noor", "Then we're on it within the hour. For your size it's six hundred a month."),
        ("Lena", "Okay. That sounds fine to me."),
        ("Abe", "We'll talk it over and come back to you."),
        ("Tomas", "And I still want to see it print on the old printers first."),
    )
    assert sides(t) == {"Noor": "seller", "Abe": "customer", "Lena": "customer", "Tomas": "customer"}


def _talk_found(name: str, text: str) -> int:
    low = text.lower()
    return sum(1 for cue in _talk_cues()[name] if cue.pattern.search(low))


def test_manual_work_is_the_buyers_talk_only_when_said_of_themselves():
    for own in ("Every Monday I spend the whole morning moving bookings in Excel.",
                "My assistant redoes it by hand when somebody cancels.",
                "Honestly it's all on paper until the end of the week."):
        assert _talk_found("customer_talk", own) == 1, own
    for told in ("You keep doing that site by hand for now.", "The labels get typed by hand today.",
                 "It lands in your inbox on the first, in Excel or as a PDF."):
        assert _talk_found("customer_talk", told) == 0, told


def test_an_engineer_who_leaves_one_site_by_hand_and_gives_them_settings_is_a_seller():
    # Ike never says "our platform"; he tells the buyers what they can change and which site stays manual.
    t = transcript(
        ("Mae", "Thanks for making the time, everyone. Our platform runs the member billing."),
        ("Ike", "Hi all, Ike here, I do the technical side."),
        ("Bo", "Our problem is the door system. Can it switch off a fob when somebody leaves?"),
        ("Ike", "On the cloud locks, yes. You can move a member between sites and link them to a company."),
        ("Bo", "And the old site with the server in the basement?"),
        ("Ike", "That one we don't connect to, so you keep doing it by hand for now. Sorry."),
        ("Cy", "Right now we need somebody to do that every Friday anyway."),
        ("Ike", "And you can change the invoice fields yourself in the settings."),
    )
    assert sides(t) == {"Mae": "seller", "Ike": "seller", "Bo": "customer", "Cy": "customer"}


def test_someone_who_rejoins_under_their_user_name_keeps_their_side():
    # The tool shows the login of someone who comes back through another link.
    t = transcript(
        ("Ines Varga", "Thanks for joining. Our platform schedules the crews, and you can set a limit per site."),
        ("Tom Healy", "We went through your deck. Right now it's all on a whiteboard."),
        ("Ines Varga", "Sorry, I'm losing you, let me rejoin."),
        ("ines.varga", "Back. So a crew moves by dragging it, and the foremen get a text."),
        ("Tom Healy", "Can it send the hours to our payroll?"),
        ("ines.varga", "Yes, the hours go to payroll every Friday, and we can export them too."),
        ("Ola Brandt", "We need that for the audit, honestly, our finance people ask for it every single month."),
    )
    found = sides(t)
    assert found["Ines Varga"] == found["ines.varga"] == "seller"
    assert found["Tom Healy"] == found["Ola Brandt"] == "customer"


def test_a_user_name_that_spells_no_one_or_two_people_tells_nothing():
    t = transcript(("Vic Ames", "Welcome."), ("Ola Brandt", "Hi."), ("ola.berg", "Back."), ("Pam Cole", "Hello."))
    assert sides(t, ("Ola Brandt",))["ola.berg"] == "customer"  # a --seller run: everyone else is a buyer
    twins = transcript(("Ola Brandt (Acme)", "Hi."), ("Ola Brandt (Birchwood)", "Hello."), ("ola.brandt", "Back."))
    assert sides(twins, ("Ola Brandt (Acme)",))["ola.brandt"] == "customer"
    named = transcript(("AE (Ola Brandt)", "Hi."), ("Pam Cole", "Hello."), ("ola.brandt@acme.io", "Back."))
    assert sides(named, ("AE (Ola Brandt)",))["ola.brandt@acme.io"] == "seller"


def test_a_hyphenated_first_name_is_introduced_like_any_other():
    t = transcript(
        ("Oren Weiss", "Hey, good afternoon. Can everybody hear me okay?"),
        ("Rita Lund", "Yes, we hear you. We're in the small room today."),
        ("Oren Weiss", "No worries. So, I've got Mei-Lin Castro with me, she'll run the setup if this goes ahead."),
        ("Mei-Lin Castro", "Hi everyone. The schedule won't let dispatch book a solo until the stage check is signed, "
                           "and you choose who can sign, you and your assistant chiefs."),
        ("Rita Lund", "Good. We have thirty aircraft and our instructors hate the current system, honestly."),
    )
    found = sides(t)
    assert found["Oren Weiss"] == found["Mei-Lin Castro"] == "seller"
    assert found["Rita Lund"] == "customer"
