"""An application's life from invitation to outcome. May import `scoring` and the packages
below it (`jobs`, `stages`, `org`, `messaging`, `common`).

Its modules, one concern each:

- The candidate's link and steps: ``journey`` (what the link shows, its HTTP status, the
  start), ``submissions`` (answers kept as typed, a form or resume submitted), ``answers``
  (each answer checked for its kind), ``candidate_requests`` (withdraw, ask for a review or
  an adjustment), ``accommodations`` (what a granted adjustment changes).
- The engine: ``records`` (an application by its token, attempts, events, the shapes
  returned), ``transitions`` (the state machine: claim, finish, advance, enter), ``effects``
  (``after_transition``: every side effect of a move), ``scores`` (the scorer, passed in or
  the configured one, and the Score rows), ``rescoring`` (a recruiter's rescore, pending
  scores), ``decisions`` (a recruiter's advance, reject, review and request decisions),
  ``trial_runs`` (a recruiter trying a stage in the preview).
- Per stage kind: ``conductor`` (the ``Conductor`` base: what differs by kind),
  ``resume``, ``form`` and ``conversations`` (the conductors), ``conductors`` (the table from
  stage type to conductor).
- Messages and lists: ``invitations``, ``links`` and ``resends``; ``reminders`` and lapses,
  ``send_rules`` (the rules checked before a message leaves), ``webhooks`` and ``summaries``
  (results to the ATS), ``applications`` (the Candidates list), ``rejections``,
  ``stage_statuses``, ``unsubscribes``.
"""
