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
from collections.abc import AsyncIterator
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

    def chat(
        self, *, messages: list[dict[str, str]], schema: type[ModelT], timeout: float | None = None
    ) -> ModelT:
        """Ask for structured output after a conversation given as messages.

        Args:
            messages: ``{"role", "content"}`` dicts: one system message, then the turns
                (what a candidate said only ever in ``user`` messages).
            schema: The pydantic model the answer must fit.
            timeout: Seconds for this call (default: the model's), without retries.

        Returns:
            The validated answer.
        """
        ...

    def stream(
        self, *, messages: list[dict[str, str]], timeout: float | None = None
    ) -> AsyncIterator[str]:
        """Stream a plain-text reply, piece by piece, as the model writes it.

        Args:
            messages: As for ``chat``.
            timeout: Seconds for the whole call.

        Returns:
            An async iterator of text pieces.
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
        from openai import AsyncOpenAI, OpenAI

        self.name = model
        self._client = OpenAI(
            api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=max_retries
        )
        self._async = AsyncOpenAI(
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
        return self.chat(
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            schema=schema,
        )

    def chat(
        self, *, messages: list[dict[str, str]], schema: type[ModelT], timeout: float | None = None
    ) -> ModelT:
        """See ``LLM.chat``.

        Raises:
            LLMError: For any failure (a timeout included), with the reason.
        """
        import openai

        client = (
            self._client
            if timeout is None
            else self._client.with_options(timeout=timeout, max_retries=0)
        )
        try:
            completion = client.chat.completions.parse(
                model=self.name,
                messages=messages,
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

    async def stream(
        self, *, messages: list[dict[str, str]], timeout: float | None = None
    ) -> AsyncIterator[str]:
        """See ``LLM.stream``.

        Raises:
            LLMError: For any failure, also mid-stream.
        """
        import openai

        client = (
            self._async
            if timeout is None
            else self._async.with_options(timeout=timeout, max_retries=0)
        )
        try:
            chunks = await client.chat.completions.create(
                model=self.name, messages=messages, temperature=0.2, stream=True
            )
            async for chunk in chunks:
                for choice in chunk.choices:
                    if choice.delta and choice.delta.content:
                        yield choice.delta.content
        except openai.APIError as error:
            raise LLMError(f"{type(error).__name__}: {error}") from error


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
