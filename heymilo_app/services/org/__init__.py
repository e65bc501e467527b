"""An organization and its people: accounts, logging in and login sessions, passwords, the
team and its invitations, API keys, branding and logos, and the knowledge base. May import
`messaging` and `common`.
"""
