"""Small things every service uses: errors, text helpers, role checks, rate limits, the
sandbox for untrusted files, the translation catalogs, and retrieval (passages ranked by
meaning and words). Imports nothing of the app's but the models, the settings and the
embedding provider.
"""
