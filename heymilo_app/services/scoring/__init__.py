"""Scores: reading resume files, screening resumes, scoring a stage against its rubric, and
the overall score with its alerts. May import `jobs` and the packages below it.
"""
