import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.command_text import resolve, split_command_line, tokenize
from bot.errors import BadOption, UnknownCommand, UserError
from handlers import build_registry

REGISTRY = build_registry()


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("/question url-shortener", "question", ("url-shortener",)),
        ("  /Question   id:url-shortener ", "question", ("id:url-shortener",)),
        ('/help "question"', "help", ("question",)),
        ('/barraiser focus:"failure modes"', "barraiser", ("focus:failure modes",)),
        ("/", "", ()),
        ('/question "unbalanced', "question", ('"unbalanced',)),
    ],
)
def test_splits_command_lines(text: str, name: str, words: tuple[str, ...]) -> None:
    line = split_command_line(text)
    assert line is not None
    assert (line.name, line.words) == (name, words)


def test_plain_text_is_not_a_command() -> None:
    assert split_command_line("I would start with the requirements") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/question url-shortener", {"id": "url-shortener"}),
        ("/question id:url-shortener", {"id": "url-shortener"}),
        ("/question random sde2", {"id": "random", "level": "sde2"}),
        ("/question level:sde3 random", {"level": "sde3", "id": "random"}),
        ("/questions tag:caching", {"tag": "caching"}),
        ("/questions tag=caching level=SDE2", {"tag": "caching", "level": "SDE2"}),
        ("/question a=b", {"id": "a=b"}),  # `=` after a word that is no option: an ordinary word
        ("/help question", {"command": "question"}),
        ("/help mock start", {"command": "mock start"}),
    ],
)
def test_binds_positional_and_keyed_options(text: str, expected: dict[str, str]) -> None:
    line = split_command_line(text)
    assert line is not None
    _, values = resolve(REGISTRY, line)
    assert values == expected


def test_unknown_option_lists_the_valid_ones() -> None:
    line = split_command_line("/question colour:blue")
    assert line is not None
    with pytest.raises(BadOption, match="no option 'colour'. Options: id, level, tag"):
        resolve(REGISTRY, line)


def test_an_option_given_twice_is_refused() -> None:
    line = split_command_line("/question id:a id:b")
    assert line is not None
    with pytest.raises(BadOption, match="twice"):
        resolve(REGISTRY, line)


def test_unknown_command_lists_the_commands() -> None:
    line = split_command_line("/frobnicate now")
    assert line is not None
    with pytest.raises(
        UnknownCommand,
        match="Commands: /barraiser, /daily, /diagram, /forget-me, /help, /mock, /pair, /prep, /question, "
        "/questions, /star",
    ):
        resolve(REGISTRY, line)


@given(st.text())
def test_tokenize_never_raises(text: str) -> None:
    assert isinstance(tokenize(text), list)


@given(st.text(max_size=200))
def test_any_typed_line_resolves_or_raises_a_user_error(text: str) -> None:
    line = split_command_line("/" + text)
    assert line is not None
    try:
        resolve(REGISTRY, line)
    except UserError as error:
        assert error.message
