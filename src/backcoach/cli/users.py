"""backcoach users create --email E --role patient|clinician [--password-stdin] [--clinician EMAIL]"""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    create = actions.add_parser("create", help="make an account (clinician accounts are made only this way)")
    create.add_argument("--email", required=True)
    create.add_argument("--role", required=True, choices=["patient", "clinician"])
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.add_argument("--clinician", metavar="EMAIL", help="for a patient: the clinician who follows them")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=run_create)


def run_create(args: argparse.Namespace) -> int:
    from backcoach.cli.local import application
    from backcoach.errors import InvalidInput

    if args.clinician and args.role != "patient":
        raise InvalidInput("--clinician", "only a patient account is followed by a clinician")
    password = _password(args.password_stdin)
    account = application().accounts().create(args.email, password, args.role, args.clinician)
    if args.json:
        from backcoach.cli.io import print_json

        print_json(account.to_dict())
    else:
        print(f"Created the {account.role} account {account.email} (id {account.id}).")
    return 0


def _password(from_stdin: bool) -> str:
    import sys

    from backcoach.errors import InvalidInput

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise InvalidInput("password", "the two passwords differ")
    return first
