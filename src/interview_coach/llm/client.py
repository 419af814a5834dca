"""A minimal OpenAI-compatible chat client (Ollama, llama.cpp server, vLLM, LM Studio all speak it).

Configured only by environment: COACH_LLM_URL (e.g. http://localhost:11434/v1), COACH_LLM_MODEL (the served
model's name; llama.cpp ignores it), COACH_LLM_API_KEY (optional), COACH_LLM_TIMEOUT (seconds, default 60).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from interview_coach.errors import CoachError

DEFAULT_TIMEOUT = 60.0
MAX_TOKENS = 400  # a short answer or comment; a local model writing more only makes the user wait


class LLMError(CoachError):
    pass


@dataclass(frozen=True)
class LLMConfig:
    url: str
    model: str
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"

    @classmethod
    def from_env(cls) -> LLMConfig | None:
        url = os.environ.get("COACH_LLM_URL", "").strip()
        if not url:
            return None
        if not url.startswith(("http://", "https://")):
            raise LLMError(f"COACH_LLM_URL={url!r} is not an http(s) URL; e.g. http://localhost:11434/v1")
        raw_timeout = os.environ.get("COACH_LLM_TIMEOUT", "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT
        except ValueError:
            raise LLMError(f"COACH_LLM_TIMEOUT={raw_timeout!r} is not a number of seconds") from None
        model = os.environ.get("COACH_LLM_MODEL", "").strip() or "default"
        return cls(url, model, os.environ.get("COACH_LLM_API_KEY") or None, timeout)


def chat(config: LLMConfig, messages: list[dict[str, str]]) -> str:
    """The model's reply; any failure is one LLMError line (the caller shows it and carries on without)."""
    import httpx

    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    body = {"model": config.model, "messages": messages, "temperature": 0, "max_tokens": MAX_TOKENS}
    try:
        response = httpx.post(config.endpoint, json=body, headers=headers, timeout=config.timeout)
    except httpx.TimeoutException:
        raise LLMError(f"{config.endpoint} did not answer within {config.timeout:g} s (COACH_LLM_TIMEOUT)") from None
    except httpx.HTTPError as exc:
        raise LLMError(f"cannot reach {config.endpoint} ({exc}); is the model server running?") from None
    if response.status_code != 200:
        raise LLMError(f"{config.endpoint} answered HTTP {response.status_code}: {response.text[:200].strip()}")
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, LookupError, TypeError):
        raise LLMError(f"{config.endpoint} did not return an OpenAI-style chat completion") from None
    if not isinstance(content, str) or not content.strip():
        raise LLMError(f"{config.endpoint} returned an empty reply")
    return content.strip()
