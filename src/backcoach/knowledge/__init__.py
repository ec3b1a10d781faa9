"""Loads the knowledge files (exercises, programs, screening and pattern rules) and validates them."""
