"""The command line: parse, call a service, render. Nothing else lives here."""
