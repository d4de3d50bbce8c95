import os

from django.core.management import BaseCommand, CommandError, call_command

# Left out: what `migrate` recreates (content types, permissions), sessions, and django-axes's
# record of login attempts.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class Command(BaseCommand):
    help = (
        "Write every brief, source, quote, person, outlet, correction, revision, user and group to FILE "
        "as JSON, for `loaddata FILE`. FILE holds password hashes, so it is readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FILE", help="where to write the backup; an existing file is replaced"
        )

    def handle(self, *, file, verbosity, **options):
        try:
            create_private_file(file)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}.") from error
        call_command("dumpdata", natural_foreign=True, exclude=EXCLUDED, output=file, verbosity=verbosity)


def create_private_file(path):
    """Create an empty file at `path`, or empty the one there, readable and writable by its owner only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        # An existing file keeps its mode through os.open; a new one's may have been narrowed by the umask.
        os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)
