"""services of the app (see DESIGN.md)."""
