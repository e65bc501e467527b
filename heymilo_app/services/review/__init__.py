"""What recruiters and hiring managers read and do on applications: score reports
(`report`, with what each rescore changed in `rescores`), the review queue, notes and
ratings, actions on a selection. May import `analytics`, `pipeline` and the packages below
them.
"""
