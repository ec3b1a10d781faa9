"""Pure domain logic: screening, pattern, planning. No web, database, clock or I/O."""
