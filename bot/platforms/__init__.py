"""Platform adapters: thin translators between a chat platform and bot/chat.py."""
