"""The offline interviewer: pure pieces (no I/O) a mock interview uses to play the interviewer."""
