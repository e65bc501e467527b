"""HTTP endpoints other systems call, mounted next to the Reflex app."""
