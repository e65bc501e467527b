"""components of the app (see DESIGN.md)."""
