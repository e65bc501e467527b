"""Jobs and their interviews: the job itself (`jobs`), the versions of its interview
(`versions`), the builder's view and edits (`interviews`, `stage_edits`, `question_edits`),
publishing (`publishing`, with the checks in `interview_checks`), the candidate preview
(`interview_preview`), and the drafter with its role templates (`drafting`). May import
`stages` and the packages below it.
"""
