"""The web app: app factory, thin routes, templates."""
