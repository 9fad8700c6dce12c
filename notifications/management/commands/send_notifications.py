"""Send every mail that is due: round opened, reminder, round closed, comments, weekly summary.

Run it every few minutes (see README, Mail and scheduling). Running it twice, or on two
servers at once, sends nothing twice; a failed mail is tried again on the next run."""

from django.conf import settings
from django.core.management.base import BaseCommand

from notifications.services import BATCH, notifications_send


class Command(BaseCommand):
    help = "Send the notification mails that are due. Safe to run often and on several servers at once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reminder-days",
            type=int,
            default=settings.NOTIFY_REMINDER_DAYS,
            help="Days before a round closes that non-voters get a reminder (default: NOTIFY_REMINDER_DAYS, 2).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH,
            help=f"Mails claimed at a time; other servers take the rest meanwhile (default {BATCH}).",
        )

    def handle(self, *args, reminder_days: int, batch_size: int, **options):
        report = notifications_send(reminder_days=reminder_days, batch_size=batch_size)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"planned {report.planned}, sent {report.sent}, skipped {report.skipped}, failed {report.failed}"
            )
        if report.failed:
            self.stderr.write(f"{report.failed} mail(s) failed; they are tried again on the next run (see the log).")
