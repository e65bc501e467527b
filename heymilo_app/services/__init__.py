"""The services of the app, one package per domain (see docs/DESIGN.md)."""
