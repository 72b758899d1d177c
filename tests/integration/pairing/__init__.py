"""Peer mock pairing end to end on the fake chat: joining, rounds, seats and turns, time zones."""
