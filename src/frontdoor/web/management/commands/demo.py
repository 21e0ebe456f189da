"""`frontdoor demo`: a populated synthetic borough with a sign-in for every kind of user."""

from argparse import ArgumentParser
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils import timezone

from frontdoor.access.models import Agency, AgencyType, Role
from frontdoor.access.services import staff_create, team_create
from frontdoor.access.two_factor import totp_demo_device, totp_secret
from frontdoor.intake.services import inbox_process_pending
from frontdoor.linkage.models import TrainedModel
from frontdoor.marac.demo import marac_demo
from frontdoor.quality.demo import quality_demo
from frontdoor.sharing.models import NotificationStatus
from frontdoor.triage.demo import front_door_demo

# Printed by the demo, which refuses to run outside DEBUG.
DEMO_PASSWORD = "synthetic-demo-only"  # noqa: S105  # nosec B105
# Every demo user's authenticator secret (hex, as django-otp stores it); printed in base32.
DEMO_TOTP_KEY = "64656d6f2d6f6e6c792d6e6f742d736563726574"

FRONT_DOOR_STAFF = [
    ("frontdoor.practitioner", "Fran Practitioner", Role.PRACTITIONER),
    ("frontdoor.manager", "Morgan Manager", Role.MANAGER),
    ("frontdoor.datamanager", "Dana Datamanager", Role.DATA_MANAGER),
    ("frontdoor.admin", "Alex Administrator", Role.ADMINISTRATOR),
]

# Agencies whose demo team has a manager too, to show a manager's view of their team's work.
TEAM_ROLES = {
    AgencyType.SCHOOL: (Role.PRACTITIONER, Role.MANAGER),
    AgencyType.POLICE: (Role.PRACTITIONER, Role.MANAGER),
}


class Command(BaseCommand):
    help = "Generate and load a synthetic borough through the real intake path; create demo users."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--households", type=int, default=4000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--data", type=Path, default=settings.DATA_DIR / "demo")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("the demo prints its passwords: run it only with DEBUG on")
        data: Path = options["data"]
        if not (data / "messages.jsonl").exists():
            end = timezone.localdate() - timedelta(days=1)
            call_command(
                "synth",
                households=options["households"],
                years=1,
                seed=options["seed"],
                out=str(data),
                end=end,
            )
        # Both are idempotent: a second run, or one after a crash, finishes what the first began.
        call_command("agencies", "load", str(data / "agencies.json"))
        call_command("ingest", str(data / "messages.jsonl"))
        inbox_process_pending()
        # Train the matcher on the borough's own records once, then re-link the whole index with
        # it, as a partnership would after loading its history.
        if not TrainedModel.objects.exists():
            call_command("linkage", "train")
        call_command("linkage", "relink")
        users = self._create_users()
        made = front_door_demo(
            practitioner=User.objects.get(username="frontdoor.practitioner"),
            manager=User.objects.get(username="frontdoor.manager"),
            seed=options["seed"],
        )
        self.stdout.write(f"front door: {made}")
        self.stdout.write(f"marac: {marac_demo(coordinator=self._coordinator(users))}")
        self.stdout.write(
            "quality: "
            + quality_demo(
                manager=User.objects.get(username="frontdoor.manager"),
                reviewers=list(
                    User.objects.filter(
                        username__in=("frontdoor.practitioner", "frontdoor.manager")
                    ).order_by("username")
                ),
                recipients=list(
                    User.objects.filter(
                        username__in=("police.practitioner", "school.practitioner")
                    ).order_by("username")
                ),
                seed=options["seed"],
            )
        )
        for username, _, _ in users:
            totp_demo_device(user=User.objects.get(username=username), key=DEMO_TOTP_KEY)
        self._print_sign_ins(users)

    def _create_users(self) -> list[tuple[str, str, str]]:
        csc = Agency.objects.filter(type=AgencyType.CSC).order_by("pk").first()
        if csc is None:
            raise CommandError("no children's social care agency in the register")
        created = []
        front_door_team = team_create(agency=csc, name="Front door")
        for username, name, role in FRONT_DOOR_STAFF:
            staff_create(
                username=username,
                full_name=name,
                email=f"{username}@example.org",
                agency=csc,
                role=role,
                front_door=True,
                password=DEMO_PASSWORD,
                team=front_door_team,
            )
            created.append((username, f"front door {role.label.lower()}", csc.name))
        lead = staff_create(
            username="dpo",
            full_name="Dee Protection",
            email="dpo@example.org",
            agency=csc,
            role=Role.PRACTITIONER,
            front_door=False,
            password=DEMO_PASSWORD,
        )
        lead.user_permissions.add(
            Permission.objects.get(content_type__app_label="audit", codename="review_access")
        )
        created.append(("dpo", "data protection lead (reviews break-glass)", csc.name))
        # Each demo user works for the agency of its type the hub told most, so a school's
        # key adult, say, has notifications to read and acknowledge.
        told = Count("notifications", filter=~Q(notifications__status=NotificationStatus.WITHHELD))
        for agency_type in AgencyType:
            agency = (
                Agency.objects.filter(type=agency_type)
                .annotate(told=told)
                .order_by("-told", "pk")
                .first()
            )
            if agency is None:
                continue
            prefix = agency_type.value.replace("_", "-")
            team = team_create(agency=agency, name=f"{agency_type.label} safeguarding")
            for role in TEAM_ROLES.get(agency_type, (Role.PRACTITIONER,)):
                username = f"{prefix}.{role.value}"
                staff_create(
                    username=username,
                    full_name=f"Demo {agency_type.label} {role.label.lower()}",
                    email=f"{username}@example.org",
                    agency=agency,
                    role=role,
                    front_door=False,
                    password=DEMO_PASSWORD,
                    team=team,
                )
                created.append((username, role.label.lower(), agency.name))
        return created

    def _coordinator(self, users: list[tuple[str, str, str]]) -> User:
        """The MARAC coordinator, who sits in the domestic-abuse service (or else CSC)."""
        agency = (
            Agency.objects.filter(type=AgencyType.IDVA).order_by("pk").first()
            or Agency.objects.filter(type=AgencyType.CSC).order_by("pk").first()
        )
        if agency is None:
            raise CommandError("no agency in the register for the MARAC coordinator")
        user = staff_create(
            username="marac.coordinator",
            full_name="Casey Coordinator",
            email="marac.coordinator@example.org",
            agency=agency,
            role=Role.MARAC_COORDINATOR,
            front_door=False,
            password=DEMO_PASSWORD,
        )
        users.append((user.username, "MARAC coordinator", agency.name))
        return user

    def _print_sign_ins(self, users: list[tuple[str, str, str]]) -> None:
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(f"\nEmail the hub sent is kept in {settings.EMAIL_FILE_PATH}/")
        self.stdout.write("\nSign in at http://127.0.0.1:8000/sign-in/ with any of these:")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
        secret = totp_secret(DEMO_TOTP_KEY)
        self.stdout.write(f"  then a code: add the secret {secret} to an authenticator app,")
        self.stdout.write("  or run `frontdoor democode USERNAME` for the code to type\n")
        width = max(len(u[0]) for u in users)
        for username, role, agency in users:
            self.stdout.write(f"  {username.ljust(width)}  {role}, {agency}")
