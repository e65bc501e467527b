"""The conversation engine the SMS, voice and assessment stages share: stored turns, a plan
of which questions are asked, answered and followed up, knowledge-base answers to the
candidate's own questions, and two interviewers behind one interface (offline rules, or a
model with the offline one as its fallback). Plain Python, no Reflex and no provider: the
conductors in ``services/pipeline`` carry the turns over a channel. Imports scoring, jobs,
stages, org, messaging and common, never pipeline.
"""
