"""pages of the app (see DESIGN.md)."""
