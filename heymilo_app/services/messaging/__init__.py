"""Messages out and in: the outbox (every message a row before it is sent), templates and
their defaults, an organization's messaging rules and quiet hours, texts candidates send,
providers' delivery reports, the message log and the dev inbox. May import `common` only.
"""
