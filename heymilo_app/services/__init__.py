"""services of the app (see DESIGN.md)."""

# The overall scores and the scores' criteria profiles are kept by session events defined
# there: any code that writes scores through the ORM imports a service first.
from heymilo_app.services import score_alerts  # noqa: F401
