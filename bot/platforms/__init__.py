"""Platform adapters: thin translators between a chat platform and bot/chat.py."""


class PlatformStartError(Exception):
    """A platform could not start (rejected token, refused intent); the message says why, in one line."""
