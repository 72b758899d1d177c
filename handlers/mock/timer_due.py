"""One claimed mock deadline on its way through a timer batch (handlers.mock.timer_batch): what it says,
its posts as prepared, and what it keeps while it waits."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.chat import Reply, ThreadRef
from bot.deadlines import Deadline
from handlers.mock.payloads import MockDue
from handlers.mock.session import MockSession
from handlers.mock.timeline import Event, counted_as_said


@dataclass(slots=True)  # thousands wait for their due time or bookkeeping in a burst
class TimerDue:
    """One claimed deadline on its way through the batch."""

    deadline: Deadline[MockDue]
    session: MockSession | None = None  # None: gone, a stale deadline (nothing to do), or shelved
    stored: str = ""  # the session's JSON as read: written back only if no one changed it since
    prepared_from: bytes = b""  # a digest of the JSON the posts were prepared from, while they wait
    elapsed: float = 0.0  # the mock's active seconds when the batch speaks
    saying: list[Event] = field(default_factory=list)
    thread: ThreadRef | None = None  # where the posts go
    # For each event of `saying`: its post, rendered when prepared (equal posts of a batch shared), its send guard.
    replies: list[Reply] = field(default_factory=list)
    guard_keys: list[str] = field(default_factory=list)
    sending: tuple[int, ...] = ()  # what this process won the right to send (index in saying)
    sent: tuple[int, ...] = ()
    said: bool = False  # everything this process was to send went out: record it
    one_by_one: bool = False
    error: Exception | None = None
    # While the posts and the bookkeeping wait only what they need is kept (a burst holds thousands of mocks):
    # the mock is read again for the bookkeeping, and changed meanwhile (a control) it is recorded as it is now.
    shelved: bool = False
    keys: tuple[str, ...] = ()  # what saying counts as said (held small: thousands wait)

    @property
    def prepared(self) -> bool:
        """Whether the batch posts for it (found, current, something to say, not one by one, no error)."""
        return self.thread is not None and not self.one_by_one and self.error is None

    def shelve(self) -> None:
        """Drop the mock as read while waiting for the posts' due time and the bookkeeping turn."""
        session = self.session
        if session is None or self.one_by_one or self.error is not None:
            return
        if self.saying:
            self.keys = tuple(counted_as_said(session.durations, set(session.announced), self.elapsed, self.saying))
        self.session, self.stored, self.shelved = None, "", True

    def unshelve(self, raw: str | None) -> None:
        """The mock back, as stored now (`raw`; None: gone)."""
        self.shelved = False
        try:
            self.session, self.stored = (MockSession.model_validate_json(raw), raw) if raw else (None, "")
        except Exception as error:  # a record of a newer release, say: retried like any failure
            self.error = error

    def start_over(self) -> None:
        """Forget what was prepared: the mock changed since."""
        self.session, self.stored, self.prepared_from, self.elapsed, self.saying = None, "", b"", 0.0, []
        self.thread, self.replies, self.guard_keys, self.keys, self.shelved = None, [], [], (), False
