"""The AI interviewer's hooks: every message in a mock thread, and its turns on the deadline queue."""

from __future__ import annotations

from datetime import datetime

from bot.chat import ChatPort, IncomingMessage
from bot.context import Services
from bot.deadlines import Deadline
from bot.feature import Feature
from handlers.interviewer.service import Interviewer
from handlers.mock.payloads import InterviewerTurn

feature = Feature()
register = feature.register


@feature.on_message
async def hear(services: Services, chat: ChatPort, message: IncomingMessage) -> None:
    """A line in a mock thread the bot interviews: kept for the next answer, which is scheduled."""
    await Interviewer(services, chat).hear(message)


@feature.deadline(InterviewerTurn)
async def take_turn(services: Services, chat: ChatPort, deadline: Deadline[InterviewerTurn], now: datetime) -> None:
    """The interviewer's turn fell due: a phase's opening, an answer, a nudge, or the end."""
    await Interviewer(services, chat).take_turn(deadline.payload, now)
