"""The real ``openai`` client (no project code) against the fake OpenAI server.

These pin down what the client sends and, above all, what it raises for each failure, so the bot's own
tests can script the same failures and know which exceptions to expect:

* 401 -> ``openai.AuthenticationError`` (never retried);
* 429 -> ``openai.RateLimitError`` once retries run out (``Retry-After`` honoured between tries);
* 500/503 -> ``openai.InternalServerError`` once retries run out;
* a reply slower than the client's timeout -> ``openai.APITimeoutError`` (a subclass of ``APIConnectionError``);
* a dropped connection -> ``openai.APIConnectionError``;
* ``parse()`` with content that is not JSON, or JSON that does not fit the model -> ``pydantic.ValidationError``
  straight from pydantic (not an ``openai.OpenAIError``!);
* ``parse()`` on a refusal -> no exception: ``message.parsed is None`` and ``message.refusal`` is set;
* ``parse()`` on ``finish_reason="length"`` -> ``openai.LengthFinishReasonError``.
"""
