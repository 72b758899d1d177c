"""A plain discord.py client (no project code) logs in to the fake Discord and does real work against it."""
