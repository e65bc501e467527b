"""What a stage is: the registry of stage kinds (`kinds`) with each kind's config model
(`configs`), default rubric (`rubrics`) and publish checks (`publish_checks`); checking a
config and the rules of a question's answers (`stage_config`, `config_messages`); and
dealbreakers. May import `org`, `messaging` and `common`.
"""
