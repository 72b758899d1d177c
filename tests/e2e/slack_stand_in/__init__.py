"""The Slack stand-in (tests/fakes/slack_api) drives a plain slack_bolt AsyncApp with no network.

No project code here: these tests prove the stand-in speaks Slack well enough for real slack_bolt /
slack_sdk (HTTP mode through bolt's aiohttp server, and Socket Mode through AsyncSocketModeHandler).
"""
