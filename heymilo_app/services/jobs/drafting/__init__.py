"""Drafting a whole interview from a job description or a role template.

Two engines produce the same ``DraftSpec`` (``spec``): with a model configured, the ``openai``
SDK returns it as validated structured output (``model_drafter``); offline (the default), a
deterministic generator (``offline_drafter``) builds it from the closest built-in role template
(``role_templates``) and the requirements ``posting_reader`` finds in the text. Either way
``drafter`` checks and cleans the spec before it replaces the job's draft, and every part stays
editable before publishing. May import ``jobs`` modules outside this package, ``stages`` and the
packages below them.
"""
