"""The offline interviewer: pure functions built on the question bank (no I/O, no chat)."""
