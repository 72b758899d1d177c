from bot.app import App
from bot.chat import ActionId
from question_bank import Level
from tests.fakes.chat import RecordingChat, RecordingResponder, invocation


async def ask(app: App, name: str, values: dict[str, str], user: str = "alice") -> RecordingResponder:
    responder = RecordingResponder()
    command = app.dispatcher.find(name)
    await app.dispatcher.run_command(RecordingChat(), invocation(user), responder, command, values)
    return responder


async def test_question_by_id_shows_the_card_with_hint_buttons(app: App) -> None:
    card = (await ask(app, "question", {"id": "url-shortener"})).last
    assert not card.ephemeral
    assert card.footer == "id: url-shortener"
    assert "URL" in (card.title or "")
    question = app.services.bank.get("url-shortener")
    assert question is not None
    assert card.text == question.prompt
    assert [str(b.action) for b in card.buttons] == [
        "question:hints:url-shortener",
        "question:clarify:url-shortener",
    ]
    assert all(hint not in card.text for hint in question.hints)


async def test_hint_button_reveals_the_hints_privately(app: App) -> None:
    responder = RecordingResponder()
    await app.dispatcher.run_action(
        RecordingChat(), invocation(), responder, str(ActionId("question", "hints", "url-shortener"))
    )
    question = app.services.bank.get("url-shortener")
    assert question is not None
    assert responder.last.ephemeral
    assert all(hint in responder.last.text for hint in question.hints)


async def test_unknown_question_is_a_friendly_message(app: App) -> None:
    reply = (await ask(app, "question", {"id": "nope"})).last
    assert reply.ephemeral
    assert "no question 'nope' - try /questions" in reply.text


async def test_random_questions_do_not_repeat_until_the_filter_is_exhausted(app: App) -> None:
    candidates = {q.id for q in app.services.bank.filter(tag="caching")}
    shown = []
    for _ in range(len(candidates)):
        card = (await ask(app, "question", {"tag": "caching"})).last
        shown.append((card.footer or "").removeprefix("id: "))
    assert sorted(shown) == sorted(candidates)
    # A new cycle starts once every matching question was seen.
    again = (await ask(app, "question", {"tag": "caching"})).last
    assert (again.footer or "").removeprefix("id: ") in candidates


async def test_a_new_round_of_random_questions_is_announced(app: App) -> None:
    everything = len(app.services.bank.ids)
    cards = [(await ask(app, "question", {})).last for _ in range(everything + 1)]
    assert not any("new round" in card.text for card in cards[:everything])
    question = app.services.bank.get((cards[-1].footer or "").removeprefix("id: "))
    assert question is not None
    assert cards[-1].text == f"You've seen all {everything} questions; starting a new round.\n\n{question.prompt}"
    tagged = len(app.services.bank.filter(tag="caching"))
    for _ in range(tagged):
        await ask(app, "question", {"tag": "caching"}, user="bob")
    again = (await ask(app, "question", {"tag": "caching"}, user="bob")).last
    assert again.text.startswith(f"You've seen all {tagged} questions tagged caching; starting a new round.")


async def test_what_one_person_has_seen_does_not_limit_another(app: App) -> None:
    first = (await ask(app, "question", {"tag": "payments"}, user="alice")).last
    seen_by_bob = set()
    for _ in range(len(app.services.bank.filter(tag="payments"))):
        seen_by_bob.add((await ask(app, "question", {"tag": "payments"}, user="bob")).last.footer)
    assert first.footer in seen_by_bob


async def test_questions_lists_the_bank_filtered(app: App) -> None:
    listing = (await ask(app, "questions", {"level": "sde1"})).last
    expected = app.services.bank.filter(level=Level.SDE1)
    assert listing.title == f"Questions (level sde1) ({len(expected)})"
    assert all(f"`{q.id}`" in listing.text for q in expected)


async def test_help_lists_every_command_with_one_line(app: App) -> None:
    reply = (await ask(app, "help", {})).last
    lines = reply.text.splitlines()
    assert [line.split("`")[1] for line in lines] == [f"/{c.path}" for c in app.services.registry.commands()]


async def test_help_for_a_command_shows_its_options(app: App) -> None:
    reply = (await ask(app, "help", {"command": "/question"})).last
    assert "/question [id] [level] [tag]" in reply.text
    assert "one of sde1, sde2, sde3" in reply.text


async def test_help_for_an_unknown_command_lists_the_commands(app: App) -> None:
    reply = (await ask(app, "help", {"command": "dance"})).last
    listing = (
        "Commands: /barraiser, /daily, /diagram, /forget-me, /help, /mock, /pair, /prep, /question, /questions, /star"
    )
    assert f"There is no command /dance. {listing}" in reply.text
