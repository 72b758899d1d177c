"""The features, written once against bot/chat.py: no platform imports here."""

from bot.commands import CommandRegistry
from handlers import barraiser, daily, diagrams, interviewer, mock, pairing, prep, privacy, questions, star, stats
from handlers import help as help_feature


def build_registry() -> CommandRegistry:
    """A registry with every feature's commands, actions and forms."""
    registry = CommandRegistry()
    for feature in (
        help_feature,
        questions,
        mock,
        barraiser,
        diagrams,
        interviewer,
        daily,
        pairing,
        star,
        prep,
        privacy,
        stats,
    ):
        feature.register(registry)
    return registry
