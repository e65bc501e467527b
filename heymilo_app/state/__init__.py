"""state of the app (see DESIGN.md)."""
