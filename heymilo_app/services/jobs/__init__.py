"""Jobs and their interviews: the job itself, the interview builder, the publish checks,
the drafter and its role templates. May import `stages` and the packages below it.
"""
