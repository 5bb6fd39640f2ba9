"""The Claude adapter without a network: start-up cost, argument checks and the shape check."""

from __future__ import annotations

import subprocess
import sys

import pytest

from brandtruth_desktop.integrations.anthropic_model import ClaudeModel, schema_problems

SCHEMA = {
    "type": "object",
    "properties": {"variants": {"type": "array", "items": {"type": "object"}},
                   "note": {"type": ["string", "null"]}, "count": {"type": "integer"}},
    "required": ["variants"],
}


def test_the_sdk_is_not_imported_until_the_first_call() -> None:
    # `import anthropic` takes most of a second: the app must not pay for it at start-up.
    code = (
        "import sys\n"
        "from brandtruth_desktop.integrations.anthropic_model import ClaudeModel\n"
        "ClaudeModel('sk-ant-x', model='claude-haiku-4-5')\n"
        "print('anthropic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("answer, problems", [
    ({"variants": [{"headline": "x"}, "not checked inside the list"]}, []),
    ({"variants": [], "note": None, "count": 3, "extra": "allowed"}, []),
    ({}, ["“variants” is missing"]),
    ({"variants": "three ads"}, ["“variants” should be an array"]),
    ({"variants": [], "count": True}, ["“count” should be an integer"]),
    ({"variants": [], "note": 4}, ["“note” should be a string or a null"]),
    (["variants"], ["the answer is not a JSON object"]),
])
def test_the_shape_check_names_what_is_wrong(answer: object, problems: list[str]) -> None:
    assert schema_problems(answer, SCHEMA) == problems


@pytest.mark.parametrize("key, options", [
    ("", {}),
    ("sk-ant-x", {"model": " "}),
    ("sk-ant-x", {"timeout_s": 0}),
    ("sk-ant-x", {"max_retries": -1}),
])
def test_unusable_settings_are_refused(key: str, options: dict[str, object]) -> None:
    arguments: dict[str, object] = {"model": "claude-haiku-4-5", **options}
    with pytest.raises(ValueError):
        ClaudeModel(key, **arguments)  # type: ignore[arg-type]


def test_the_key_is_not_in_its_repr() -> None:
    model = ClaudeModel("sk-ant-api03-secret", model="claude-haiku-4-5",
                        base_url="http://127.0.0.1:9")
    assert "secret" not in repr(model) and "claude-haiku-4-5" in repr(model)
