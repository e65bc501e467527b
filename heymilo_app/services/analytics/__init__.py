"""Numbers about an organization's pipeline for the dashboard, the ranked table and
exports, and the charts drawn from them. May import `pipeline` and the packages below it.
"""
