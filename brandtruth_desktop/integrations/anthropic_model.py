"""Claude through the real `anthropic` SDK: the `LanguageModel` port (DESIGN.md decisions 7, 8).

Structured output is a forced tool call: the schema is the `input_schema` of one tool and
`tool_choice` makes Claude call it, so the answer arrives as a JSON object on every Claude model
and every SDK version we support. The adapter then checks the object's shape (types and
required keys) against the schema; what the copy *says* is the grounding gate's business.

`anthropic` costs most of a second to import, so it is imported on the first call, never at
application start-up. The SDK retries 408/409/429/5xx/529 and dropped connections itself
(`max_retries`, with backoff that honours `retry-after`); here each wait is capped so a long
`retry-after` cannot freeze a job for minutes. Failures become `LanguageModelError`s whose
`kind` the copy stage acts on and whose message is written for the person using the app.
The key is never logged.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from brandtruth_desktop.core.copy.costs import DEFAULT_MODEL
from brandtruth_desktop.core.ports import (
    LanguageModelError,
    ModelReply,
    ModelUsage,
    SecretStore,
)
from brandtruth_desktop.core.secrets import SecretName

if TYPE_CHECKING:
    import anthropic
    from anthropic.types import Message

    from brandtruth_desktop.settings import Settings

log = logging.getLogger(__name__)

ENV_API_KEY = "ANTHROPIC_API_KEY"
ENV_BASE_URL = "ANTHROPIC_BASE_URL"
ANSWER_TOOL = "submit_answer"
MAX_RETRY_WAIT_S = 20.0
"""The longest the SDK may sleep before one retry, whatever `retry-after` asks for."""

KEY_REFUSED = "Anthropic refused the API key. Check it in Settings → API keys."

UsageListener = Callable[[ModelUsage], object]


class ClaudeModel:
    """Answers a system + user prompt with a JSON object matching a schema, using Claude.

    `on_usage` is called with the tokens of every answer Anthropic sent back, also of answers
    that turn out unusable (they are billed all the same), so the cost ledger misses nothing.
    Close the model (or use it as a context manager) to close its connections.
    """

    def __init__(
        self,
        api_key: str,
        *,
        model: str,
        base_url: str | None = None,
        timeout_s: float = 60,
        max_retries: int = 2,
        max_retry_wait_s: float = MAX_RETRY_WAIT_S,
        on_usage: UsageListener | None = None,
    ) -> None:
        if not api_key.strip():
            raise ValueError("An Anthropic API key is needed to use Claude.")
        if not model.strip():
            raise ValueError("Choose a Claude model in Settings.")
        if timeout_s <= 0 or max_retries < 0 or max_retry_wait_s < 0:
            raise ValueError("The timeout must be positive and the retries not negative.")
        self._api_key = api_key.strip()
        self._model = model.strip()
        self._base_url = base_url.strip() if base_url and base_url.strip() else None
        self._timeout_s = float(timeout_s)
        self._max_retries = max_retries
        self._max_retry_wait_s = float(max_retry_wait_s)
        self._on_usage = on_usage
        self._lock = threading.Lock()
        self._client: anthropic.Anthropic | None = None

    def __repr__(self) -> str:  # never the key
        return f"ClaudeModel(model={self._model!r}, base_url={self.base_url!r})"

    @property
    def model(self) -> str:
        """The model asked for, as chosen in Settings (e.g. `claude-haiku-4-5`)."""
        return self._model

    @property
    def base_url(self) -> str:
        """Where requests go: the given address, else `ANTHROPIC_BASE_URL`, else Anthropic's."""
        return self._base_url or os.environ.get(ENV_BASE_URL, "").strip() or (
            "https://api.anthropic.com"
        )

    def complete_json(
        self, *, system: str, user: str, schema: dict[str, Any], max_tokens: int = 4096
    ) -> ModelReply:
        """One forced tool call; the reply's `data` is the tool input, shape-checked.

        Raises LanguageModelError (kinds: auth, rate_limit, overloaded, timeout, connection,
        bad_output, other) once the SDK's own retries are spent.
        """
        if schema.get("type") != "object":
            raise ValueError("The answer schema must describe a JSON object.")
        client = self._sdk_client()
        import anthropic

        try:
            message = client.messages.create(
                model=self._model,
                max_tokens=max_tokens,
                # Cache the prefix (tool, then system prompt) for the retries and the next run;
                # below the model's minimum cacheable length Anthropic just does not cache.
                system=[{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
                messages=[{"role": "user", "content": user}],
                tools=[{
                    "name": ANSWER_TOOL,
                    "description": "Hand in the answer. Its input is the complete answer.",
                    "input_schema": schema,
                }],
                tool_choice={"type": "tool", "name": ANSWER_TOOL},
            )
        except anthropic.AnthropicError as error:
            raise self._explain(error) from error
        except ValueError as error:  # a body that is not JSON: something else answered
            raise self._not_a_message() from error
        if getattr(message, "usage", None) is None or not isinstance(
            getattr(message, "content", None), list
        ):
            raise self._not_a_message()
        usage = _usage(message, self._model)
        log.info(
            "Claude %s answered: %d input, %d output, %d cache-read, %d cache-write tokens",
            usage.model, usage.input_tokens, usage.output_tokens, usage.cache_read_tokens,
            usage.cache_write_tokens,
        )
        if self._on_usage is not None:
            self._on_usage(usage)
        data, raw_text = _answer(message, max_tokens)
        problems = schema_problems(data, schema)
        if problems:
            raise LanguageModelError(
                "bad_output",
                "Claude's answer did not have the shape asked for ("
                + "; ".join(problems[:3]) + ").",
            )
        return ModelReply(data=data, raw_text=raw_text, usage=usage)

    def close(self) -> None:
        """Close the HTTP connections (the model can still be used; it reconnects)."""
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def __enter__(self) -> ClaudeModel:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- inside --------------------------------------------------------------------------------
    def _sdk_client(self) -> anthropic.Anthropic:
        with self._lock:
            if self._client is None:
                self._client = _bounded_client(
                    api_key=self._api_key, base_url=self._base_url, timeout=self._timeout_s,
                    max_retries=self._max_retries, max_retry_wait_s=self._max_retry_wait_s,
                )
            return self._client

    def _not_a_message(self) -> LanguageModelError:
        """A proxy, captive portal or wrong address answered instead of Anthropic's API."""
        host = urlsplit(self.base_url).netloc or self.base_url
        return LanguageModelError(
            "connection", f"What answered at {host} is not Anthropic's Messages API. Check the "
            "Anthropic address in Settings (or ANTHROPIC_BASE_URL), and sign in to the network "
            "if it asks you to.",
        )

    def _explain(self, error: Exception) -> LanguageModelError:
        """The SDK's exception as a LanguageModelError a person can act on."""
        import anthropic

        tries = self._max_retries + 1
        after = f" after {tries} tries" if tries > 1 else ""
        if isinstance(error, anthropic.APITimeoutError):
            return LanguageModelError(
                "timeout", f"Claude did not answer within {self._timeout_s:g} seconds{after}. "
                "Check your internet connection and try again.",
            )
        if isinstance(error, anthropic.APIConnectionError):
            host = urlsplit(self.base_url).netloc or self.base_url
            return LanguageModelError(
                "connection", f"Could not reach Anthropic at {host}{after}. Check your internet "
                "connection, and the Anthropic address in Settings if you changed it.",
            )
        if not isinstance(error, anthropic.APIStatusError):
            return LanguageModelError("other", f"The call to Claude failed: {error}")
        status = error.status_code
        detail = _api_message(error)
        if status in (401, 403):
            return LanguageModelError("auth", KEY_REFUSED)
        if status == 429:
            return LanguageModelError(
                "rate_limit", f"Anthropic's rate limit for this key was reached{after}. Wait a "
                "minute and try again, or raise the limit in the Anthropic console.",
            )
        if status == 529 or _error_type(error) == "overloaded_error":
            return LanguageModelError(
                "overloaded", f"Claude is overloaded right now (Anthropic said so{after}). "
                "Try again in a few minutes.",
            )
        if status == 404:
            return LanguageModelError(
                "other", f"Anthropic does not offer the model “{self._model}” to this key. "
                f"Choose another model in Settings.{_suffix(detail)}",
            )
        if status in (408, 504):
            return LanguageModelError(
                "timeout", f"Anthropic timed out answering{after}. Try again in a moment.",
            )
        if status >= 500:
            return LanguageModelError(
                "other", f"Anthropic had a problem on its side (HTTP {status}){after}. "
                f"Try again in a few minutes.{_suffix(detail)}",
            )
        return LanguageModelError(
            "other", f"Anthropic did not accept the request (HTTP {status}).{_suffix(detail)}",
        )


def claude_from_settings(
    settings: Settings,
    secrets: SecretStore,
    *,
    environ: Mapping[str, str] | None = None,
    on_usage: UsageListener | None = None,
    on_secret_seen: Callable[[str], None] | None = None,
    timeout_s: float = 60,
    max_retries: int = 2,
) -> ClaudeModel | None:
    """Claude as the person set it up, or None when there is no key.

    The key is `ANTHROPIC_API_KEY` from the environment when set, else the one in the keyring;
    the address is `ANTHROPIC_BASE_URL` when set, else Settings' Anthropic address, else
    Anthropic's own (the environment wins, as it does for users of the SDK). `on_secret_seen`
    is given a key that came from the environment, so the log filter redacts it too.
    """
    env = os.environ if environ is None else environ
    key = env.get(ENV_API_KEY, "").strip()
    if key:
        source = ENV_API_KEY
        if on_secret_seen is not None:
            on_secret_seen(key)
    else:
        key = (secrets.get(SecretName.ANTHROPIC_API_KEY) or "").strip()
        source = "the keyring"
    if not key:
        return None
    base_url = env.get(ENV_BASE_URL, "").strip() or settings.anthropic_base_url.strip() or None
    model = settings.anthropic_model.strip() or DEFAULT_MODEL
    log.info("Claude %s with the key from %s", model, source)
    return ClaudeModel(
        key, model=model, base_url=base_url, timeout_s=timeout_s, max_retries=max_retries,
        on_usage=on_usage,
    )


def schema_problems(value: Any, schema: Mapping[str, Any]) -> list[str]:
    """What keeps `value` from having the schema's outline: an object with every required key,
    each declared property of its declared type.

    Deliberately no deeper: inside a list (the variants) the caller skips an unreadable item
    and keeps the rest, rather than losing a whole paid-for answer to one bad variant; and
    lengths, enums and wording are for the grounding gate, which rejects with a reason.
    """
    if not isinstance(value, dict):
        return ["the answer is not a JSON object"]
    problems = [f"“{key}” is missing" for key in schema.get("required") or ()
                if key not in value]
    for key, declared in (schema.get("properties") or {}).items():
        expected = declared.get("type") if isinstance(declared, Mapping) else None
        if key in value and expected is not None and not _has_type(value[key], expected):
            problems.append(f"“{key}” should be {_type_words(expected)}")
    return problems


_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _has_type(value: Any, expected: Any) -> bool:
    names = [expected] if isinstance(expected, str) else list(expected)
    return any(_JSON_TYPES.get(name, lambda _v: True)(value) for name in names)


def _type_words(expected: Any) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    return " or ".join(f"a{'n' if n[0] in 'aeiou' else ''} {n}" for n in names)


def _usage(message: Message, asked_for: str) -> ModelUsage:
    usage = message.usage
    return ModelUsage(
        model=message.model or asked_for,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cache_read_tokens=usage.cache_read_input_tokens or 0,
        cache_write_tokens=usage.cache_creation_input_tokens or 0,
    )


def _answer(message: Message, max_tokens: int) -> tuple[dict[str, Any], str]:
    """The JSON object in a reply, with its text; LanguageModelError("bad_output") if none."""
    if message.stop_reason == "max_tokens":
        raise LanguageModelError(
            "bad_output", f"Claude's answer was cut off at the {max_tokens}-token limit.",
        )
    if message.stop_reason == "refusal":
        raise LanguageModelError("bad_output", "Claude declined to write this copy.")
    texts: list[str] = []
    for block in message.content:
        if block.type == "tool_use" and block.name == ANSWER_TOOL:
            if isinstance(block.input, dict):
                return dict(block.input), json.dumps(block.input, ensure_ascii=False)
        elif block.type == "text":
            texts.append(block.text)
    # A gateway that ignores tool_choice may answer in text: accept a JSON object there too.
    text = "".join(texts).strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        data: Any = json.loads(text) if text else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        what = "text that is not JSON" if text else "no answer"
        raise LanguageModelError(
            "bad_output", f"Claude's reply held {what} instead of the structured copy asked for.",
        )
    return data, text


def _api_message(error: anthropic.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
    return ""


def _error_type(error: anthropic.APIStatusError) -> str:
    body = error.body
    inner = body.get("error") if isinstance(body, dict) else None
    return str(inner.get("type", "")) if isinstance(inner, dict) else ""


def _suffix(detail: str) -> str:
    return f" Anthropic said: {detail}" if detail else ""


def _bounded_client(
    *, api_key: str, base_url: str | None, timeout: float, max_retries: int,
    max_retry_wait_s: float,
) -> anthropic.Anthropic:
    """The SDK client, with every wait between retries capped at `max_retry_wait_s`.

    `base_url=None` lets the SDK read `ANTHROPIC_BASE_URL`, as its users expect.
    """
    import anthropic

    # Named like its parent because the SDK makes the User-Agent header from the class name.
    class Anthropic(anthropic.Anthropic):
        # The SDK sleeps as long as `retry-after` says (hours, if asked); a desktop job
        # should rather fail with a message the person can act on.
        def _calculate_retry_timeout(self, *args: Any, **kwargs: Any) -> float:
            wait: float = super()._calculate_retry_timeout(*args, **kwargs)
            return min(wait, max_retry_wait_s)

    return Anthropic(
        api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries,
    )
