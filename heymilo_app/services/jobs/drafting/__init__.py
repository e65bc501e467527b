"""Drafting a whole interview from a job description or a role template."""
