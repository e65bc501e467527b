"""An organization and its people: accounts and login sessions, passwords, the team, API
keys, branding and the knowledge base. May import `messaging` and `common`.
"""
