"""A local stand-in for Discord's REST API v10 and gateway, good enough for the real discord.py client.

Start a :class:`FakeDiscord`, point discord.py at it with :func:`pointed_at` (or run a client with
:func:`run_client`), then drive it from the test as the Discord users would and read back what the
client did::

    async with FakeDiscord(token="test-token") as fake, run_client(client, fake):
        i = await fake.slash_command("question", {"id": "url-shortener"}, user=fake.member_user)
        reply = await fake.wait_for_response(i)
        assert reply.type == 4 and "URL" in (reply.content or "")

Behaviour worth knowing (it mirrors Discord):

* every JSON response carries ``Content-Type: application/json`` (no charset), as discord.py requires;
* interaction callbacks are accepted once (a second one is 400/40060) and only within
  ``callback_deadline`` seconds of the interaction (404/10062 afterwards, like Discord's 3 s rule); its
  token then works for followups and edits for ``interaction_token_lifetime`` seconds (401/50027 after);
* after a deferred reply (callback type 5) the *first* followup edits the "thinking" message instead of
  posting a new one; its ephemerality is the defer's, not the followup's;
* ephemeral messages are stored (``fake.messages(channel)`` with ``.ephemeral``) but are invisible to the
  channel REST routes and never sent over the gateway;
* without the Message Content intent, MESSAGE_CREATE/UPDATE for other users' guild messages arrive with
  empty content, embeds, attachments and components unless the bot is mentioned;
* the UI is simulated faithfully: ``slash_command`` refuses commands that were never synced, options that
  don't exist, missing required options, values outside ``choices``, and (unless
  ``enforce_permissions=False``) users lacking the command's ``default_member_permissions``;
  ``press_button`` refuses disabled buttons and other users' ephemeral messages;
* the client's own messages come back to it as MESSAGE_CREATE (as on Discord), so ``on_message`` sees them;
* a thread started from a message has the message's id; thread creation sends THREAD_CREATE;
* invalid bodies get Discord-shaped 400s (50035 with ``errors`` nested by field path, 50006 for empty
  messages) for every documented size limit (``_limits`` lists them): content over 2000, embeds over 10 or
  over 6000 characters together, fields, footers, 5 action rows of 5 buttons, ``custom_id`` over 100,
  modal titles and labels over 45, over 25 autocomplete choices, duplicate ``custom_id`` s;
* a dropped connection RESUMEs and missed events are replayed; ``drop_connections(invalidate_sessions=True)``
  forces a fresh IDENTIFY (discord.py waits 5 s before re-identifying unless :func:`run_client` removes it).

Paths recorded in :attr:`FakeDiscord.calls` are relative to ``/api/v10`` (``"/users/@me"``).

Layout (private modules; import from this package). :class:`FakeDiscord` is one object composed of mixins,
each in its own module, stacked in this order (later ones build on earlier ones):

* ``_state``: the seeded guild and every store, ids, URLs, permission and channel lookups;
* ``_recording``: reading back what the client did and waiting for it;
* ``_payloads``: Discord's JSON for users, members, channels, threads, the guild, the app, messages;
* ``_shards``: more guilds, routing events to the guild's shard, the IDENTIFY rules of sharding (4010, 4011, op 9);
* ``_gateway``: the websocket: HELLO, IDENTIFY/RESUME, heartbeats, sessions, event dispatch, drops;
* ``_world``: shaping the world (members, users, channels, DMs);
* ``_messages``: creating, editing and deleting stored messages (and their gateway events);
* ``_interactions``: sending INTERACTION_CREATE for commands, components and modals;
* ``_invocation``: resolving a slash command invocation against the synced commands;
* ``_driving``: the test-driving API (``post_message``, ``slash_command``, ``press_button``, ...);
* ``_routes_commands``, ``_routes_interactions``, ``_routes_channels``: the REST handlers, by resource;
* ``_rest``: the REST route table, request parsing and error mapping;
* ``_fake``: :class:`FakeDiscord` itself and its lifecycle.

Alongside: ``_constants`` (permission/intent bits, API enums), ``_models`` (the records tests read),
``_errors`` (Discord-shaped errors), ``_limits`` (Discord's size limits), ``_validation`` (Discord's 400s),
``_sessions`` (gateway plumbing) and ``_client`` (:func:`pointed_at`, :func:`run_client`).
"""

from tests.fakes.discord_server._client import pointed_at, run_client
from tests.fakes.discord_server._constants import ALL_PERMISSIONS, Intent, Perm
from tests.fakes.discord_server._fake import FakeDiscord
from tests.fakes.discord_server._models import (
    Call,
    FakeInteraction,
    FakeUser,
    InteractionResponse,
    Role,
    StoredMessage,
    StoredThread,
)

__all__ = [
    "ALL_PERMISSIONS",
    "Call",
    "FakeDiscord",
    "FakeInteraction",
    "FakeUser",
    "Intent",
    "InteractionResponse",
    "Perm",
    "Role",
    "StoredMessage",
    "StoredThread",
    "pointed_at",
    "run_client",
]
