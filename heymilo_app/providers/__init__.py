"""The outside world (LLM, email, SMS, voice) behind small interfaces, with offline defaults.

The adapters arrive with the issues that need them; each one has an offline implementation that
records what it would send.
"""
