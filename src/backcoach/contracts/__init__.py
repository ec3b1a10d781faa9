"""The shared contracts (JSON Schemas) and a small, fast validator for them."""
