"""An application's life from invitation to outcome: invitations, the candidate's link,
the transitions between stages, reminders and lapses, the rules checked before a message
leaves, and the results sent to the ATS. May import `scoring` and the packages below it.
"""
