"""/star: STAR stories (private to their author) and Leadership Principle drills in a private thread."""

from handlers.star._commands import expect_star_answer, forget_stories, register, star_answer_expected

__all__ = ["expect_star_answer", "forget_stories", "register", "star_answer_expected"]
