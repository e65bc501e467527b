"""Large language models behind one small interface, reached through the ``openai`` SDK.

Any OpenAI-compatible endpoint works (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
``OPENAI_MODEL``). Without a key there is no model: ``get_llm()`` returns None and each caller
uses its deterministic offline engine instead, saying so. Every call has a timeout, retries on
429 and 5xx inside the SDK, and raises ``LLMError`` for anything else; replies are parsed as
structured output and validated by pydantic before anyone uses them.
"""

from __future__ import annotations

import functools
import logging
from typing import Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)


class LLMError(Exception):
    """The model could not give a usable answer (network, quota, refusal, malformed output)."""


class LLM(Protocol):
    """What callers need from a model."""

    name: str

    def structured(self, *, system: str, user: str, schema: type[ModelT]) -> ModelT:
        """Ask for an answer that fits a pydantic schema.

        Args:
            system: Instructions.
            user: The data to work on (never instructions: callers delimit it).
            schema: The pydantic model the answer must fit.

        Returns:
            The validated answer.
        """
        ...


class OpenAICompatibleLLM:
    """A chat model reached with the ``openai`` SDK.

    Args:
        api_key: The key.
        model: Model name.
        base_url: Endpoint; the SDK's default when empty.
        timeout: Seconds per request.
        max_retries: Retries of 429 and 5xx answers (with the SDK's backoff).
    """

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str = "",
        timeout: float = 30.0,
        max_retries: int = 2,
    ):
        from openai import OpenAI

        self.name = model
        self._client = OpenAI(
            api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=max_retries
        )

    def structured(self, *, system: str, user: str, schema: type[ModelT]) -> ModelT:
        """Ask for structured output and validate it.

        Args:
            system: Instructions.
            user: The data to work on.
            schema: The pydantic model the answer must fit.

        Returns:
            The validated answer.

        Raises:
            LLMError: For any failure, with the reason.
        """
        import openai

        try:
            completion = self._client.chat.completions.parse(
                model=self.name,
                messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
                response_format=schema,
                temperature=0.2,
            )
        except (
            openai.APIError,
            openai.LengthFinishReasonError,
            openai.ContentFilterFinishReasonError,
        ) as error:
            raise LLMError(f"{type(error).__name__}: {error}") from error
        except (ValidationError, ValueError) as error:
            raise LLMError(f"the reply did not fit the schema: {error}") from error
        message = completion.choices[0].message
        if message.refusal:
            raise LLMError(f"the model refused: {message.refusal}")
        if message.parsed is None:
            raise LLMError("the reply was empty")
        return message.parsed


@functools.cache
def get_llm() -> LLM | None:
    """The configured model, or None when no key is set (the offline engines are used).

    Returns:
        The model or None.
    """
    settings = get_settings()
    if not settings.openai_api_key:
        logger.info("no OPENAI_API_KEY: the offline engines are used")
        return None
    return OpenAICompatibleLLM(
        api_key=settings.openai_api_key,
        model=settings.openai_model,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout_seconds,
    )
