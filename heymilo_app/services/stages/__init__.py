"""What a stage is: the registry of stage kinds (`kinds`), each kind's configuration and
its publish rules (`stage_config`), and dealbreakers. May import `org`, `messaging` and
`common`.
"""
