"""Numbers about an organization's pipeline for the dashboard, the ranked table and
exports, and the charts drawn from them: `scope` (the filters as clauses), `funnel`,
`scores` and `impact` (the aggregates), `dashboard` (all of them at once, the headline
counts), `ranked_table`, `exports`, `charts`, and `sql` (dialect helpers). May import
`pipeline` and the packages below it.
"""
