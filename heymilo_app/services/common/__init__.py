"""Small things every service uses: errors, text helpers, role checks, rate limits, the
sandbox for untrusted files, and the translation catalogs. Imports nothing of the app's but
the models.
"""
