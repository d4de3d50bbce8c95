from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from articles.services import speakers_to_confirm
from brieftext.parser import MAX_FILE_BYTES, BriefFormatError, parse_brief
from editorial.services import brief_import
from review.services import unconfirmed_speakers_text


class Command(BaseCommand):
    help = "Import brief text files (see docs/brief-format.md). Each file is all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--publish", action="store_true", help="Publish each brief now.")
        parser.add_argument(
            "--update", action="store_true", help="Replace an existing brief's body, citations and quotes."
        )

    def handle(self, *, files, publish, update, **options):
        failed = 0
        for name in files:
            try:
                result = self.import_file(name, publish=publish, update=update)
            except BriefFormatError as error:
                self.stderr.write(f"{name}:{error.line}: {error.reason}")
                failed += 1
                continue
            except IntegrityError as error:
                self.stderr.write(f"{name}:0: not stored, nothing of it kept: {error}")
                failed += 1
                continue
            article = result.article
            self.stdout.write(f"{article.slug} {article.get_absolute_url()} ({result.action})")
            # Published now: say which speakers readers see only as names, until an editor confirms them.
            waiting = self.speakers_waiting(article) if publish else ""
            if waiting:
                self.stdout.write(f"  {waiting}")
        if failed:
            raise CommandError(f"{failed} of {len(files)} files not imported", returncode=1)

    def speakers_waiting(self, article):
        """What to say of the brief's speakers still to be confirmed; "" when there are none."""
        return unconfirmed_speakers_text(
            [quote.speaker.full_name for quote in speakers_to_confirm(article.quotes.all())]
        )

    def import_file(self, name, *, publish=False, update=False):
        return brief_import(parsed=parse_brief(read_brief_file(name)), publish=publish, update=update)


def read_brief_file(name):
    """The bytes of a brief file, refusing what is not a readable file of a sane size."""
    path = Path(name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BriefFormatError(
                1, f"file is {size:,} bytes; a brief file may be at most {MAX_FILE_BYTES:,}"
            )
        return path.read_bytes()
    except OSError as error:
        raise BriefFormatError(0, f"cannot read the file: {error.strerror}") from None
