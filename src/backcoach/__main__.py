from backcoach.cli.main import entry

entry()
