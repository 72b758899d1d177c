"""Every command, button, form, completer, listener and deadline kind the platforms see, pinned.

Handlers moved from closures inside `register()` to module-level functions declared on a
`Feature`; this table is what the registry held before the move, so the move changed nothing.
"""

from handlers import build_registry

# (path, permission, slow, positional, option names)
COMMANDS = [
    ("barraiser", "member", True, ("focus",), ("focus",)),
    ("daily now", "admin", False, (), ()),
    ("daily off", "admin", False, (), ()),
    ("daily setup", "admin", False, ("time", "tz", "days"), ("time", "tz", "days", "level", "tag", "mention")),
    ("daily skip", "admin", False, (), ()),
    ("daily status", "member", False, (), ()),
    ("daily streaks", "member", False, (), ()),
    ("diagram", "member", False, (), ()),
    ("forget-me", "member", False, (), ()),
    ("help", "member", False, ("command",), ("command",)),
    ("mock end", "member", False, (), ()),
    ("mock extend", "member", False, ("minutes",), ("minutes",)),
    ("mock history", "member", False, (), ()),
    ("mock next", "member", False, (), ()),
    ("mock pause", "member", False, (), ()),
    ("mock plan", "admin", False, ("plan",), ("plan",)),
    ("mock resume", "member", False, (), ()),
    (
        "mock start",
        "member",
        False,
        ("question",),
        ("question", "partner", "minutes", "level", "role", "barraiser", "interruptions", "interviewer"),
    ),
    ("mock status", "member", False, (), ()),
    ("pair block", "member", False, ("user",), ("user",)),
    ("pair history", "member", False, (), ()),
    ("pair join", "member", False, ("availability",), ("level", "tz", "role", "availability")),
    ("pair leave", "member", False, (), ()),
    ("pair now", "member", False, (), ()),
    ("pair pause", "member", False, ("days",), ("days",)),
    ("pair round", "admin", False, (), ()),
    ("pair setup", "admin", False, ("day", "time", "tz"), ("day", "time", "tz", "cadence")),
    ("pair status", "member", False, (), ()),
    ("prep done", "member", False, ("topic",), ("topic",)),
    ("prep start", "member", False, (), ("interview_date", "level", "weeks", "checkin", "tz")),
    ("prep status", "member", False, (), ()),
    ("prep stop", "member", False, (), ()),
    ("question", "member", False, ("id", "level", "tag"), ("id", "level", "tag")),
    ("questions", "member", False, ("level", "tag"), ("level", "tag")),
    ("star add", "member", False, ("lp",), ("lp",)),
    ("star drill", "member", False, (), ()),
    ("star list", "member", False, (), ()),
    ("stats", "admin", False, (), ()),
]
ACTIONS = {
    ("mock", "end"), ("mock", "extend"), ("mock", "feedback"), ("mock", "feedback-full"),
    ("mock", "feedback-scores"), ("mock", "next"), ("mock", "pause"), ("mock", "resume"),
    ("pair", "met"), ("pair", "mock"), ("pair", "noshow"), ("pair", "rescheduled"),
    ("question", "clarify"), ("question", "hints"),
}  # fmt: skip
FORMS = {("diagram", "draw"), ("mock", "feedback"), ("mock", "feedback-scores"), ("pair", "join"), ("star", "add")}
DEADLINES = {
    "mock": "MockDue",
    "barraiser": "BarRaiserTurn",
    "interviewer": "InterviewerTurn",
    "daily": "DailyDue",
    "pair-round": "PairRoundDue",
    "pair-followup": "PairFollowUp",
    "pair-now-expired": "PairNowExpired",
    "prep-checkin": "CheckinDue",
}
# In order: the transcript is captured before a daily answer or a STAR drill answer is handled.
LISTENERS = ["capture", "diagram_posted", "hear", "answer", "drill_answer"]


def test_every_command_is_registered_as_before() -> None:
    registry = build_registry()
    commands = [
        (command.path, command.permission.value, command.slow, command.positional, tuple(command.options.model_fields))
        for command in registry.commands()
    ]
    assert commands == COMMANDS


def test_every_button_form_completer_listener_and_deadline_kind_is_registered_as_before() -> None:
    registry = build_registry()
    # The registry has no public listing of these; its tables are what buttons and forms are looked up in.
    assert set(registry._actions) == ACTIONS
    assert not registry._slow_actions
    assert set(registry._forms) == FORMS
    assert set(registry._completers) == {"question"}
    assert {kind: payload.__name__ for kind, (payload, _) in registry.deadline_actions.items()} == DEADLINES
    assert [listener.__name__ for listener in registry.message_listeners] == LISTENERS
