"""An AI interviewing platform on Reflex: see DESIGN.md for the layers."""
