"""Use cases: load what is needed, call the domain, persist; adapters call these."""
