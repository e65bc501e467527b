"""Candidates in: added by hand, from a CSV file, or through the public job board. May
import `pipeline` and the packages below it.
"""
