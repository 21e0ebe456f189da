"""The second factor: a time-based code from an authenticator app (TOTP, django-otp)."""

import hashlib
import time
from base64 import b32encode
from binascii import unhexlify
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.audit.services import audit_record

APP_DEVICE = "Authenticator app"
DEMO_DEVICE = "Demo authenticator"
RECOVERY_DEVICE = "Recovery codes"
RECOVERY_CODES = 10
RECOVERY_USED_SUBJECT = "A Frontdoor recovery code was used"
RESET_SUBJECT = "Your Frontdoor authenticator app was reset"
RESET_BODY = (
    "An administrator has reset the authenticator app you use to sign in to Frontdoor. When you "
    "next sign in you will set up an app again.\n\nIf you did not ask for this, tell your data "
    "protection lead now."
)


class NotADemoUser(ValueError):
    """Codes are printed only for the demo's own users, and only where the setting allows it."""


def totp_device(user: User) -> TOTPDevice | None:
    """The user's enrolled (confirmed) authenticator, if they have one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_enrolment_device(user: User) -> TOTPDevice:
    """The device a user is part way through enrolling, made with a new random secret if none."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": APP_DEVICE}
    )
    return device


def totp_secret(key: str) -> str:
    """A device's hex key as an authenticator app asks for it when typed: base32, in fours."""
    secret = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_enrol(*, device: TOTPDevice, code: str) -> bool:
    """Confirm an enrolment with a first good code; from then on the secret is never shown."""
    with transaction.atomic():
        if device.confirmed or not device.verify_token(code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=device.user, action="two_factor.enrol", target=device)
    return True


def totp_reset(*, user: User, reset_by: User | None, reason: str = "") -> int:
    """Forget a user's authenticators and recovery codes (a lost phone): they enrol again at
    their next sign-in. They are told by email, so a reset they did not ask for does not go
    unnoticed."""
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(
            actor=reset_by,
            action="two_factor.reset",
            target=user,
            details={"reason": reason} if reason else None,
        )
        if user.email:
            transaction.on_commit(partial(send_mail, RESET_SUBJECT, RESET_BODY, None, [user.email]))
    return removed


def recovery_codes_issue(user: User) -> list[str]:
    """Ten new one-time codes for signing in without the phone, replacing any before; shown to
    the user once. Only a digest of each is kept."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=_recovery_digest(code)) for code in codes
        )
        audit_record(actor=user, action="two_factor.recovery_codes_issue", target=device)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def recovery_code_use(*, user: User, code: str) -> StaticDevice | None:
    """The user's recovery device if `code` is one of their unused codes, which it then uses up
    (audited, and the user told by email); None if it is not, or after too many wrong tries."""
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE).first()
    if device is None:
        return None
    with transaction.atomic():
        if not device.verify_token(_recovery_digest(code)):
            return None
        left = device.token_set.count()
        audit_record(
            actor=user, action="two_factor.recovery_code_use", target=device, details={"left": left}
        )
        if user.email:
            body = (
                f"A recovery code was used to sign in to Frontdoor as you. You have {left} left."
                "\n\nIf it was not you, tell your data protection lead now."
            )
            transaction.on_commit(
                partial(send_mail, RECOVERY_USED_SUBJECT, body, None, [user.email])
            )
    return device


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE).count()


def recovery_code_read(typed: str) -> str:
    """A recovery code as typed, case, spaces and hyphens aside."""
    return "".join(typed.lower().replace("-", "").split())


def _recovery_digest(code: str) -> str:
    """What is kept of a code: the start of its SHA-256, so the table alone signs no one in."""
    return hashlib.sha256(recovery_code_read(code).encode()).hexdigest()[:16]


def totp_demo_device(*, user: User, key: str) -> TOTPDevice:
    """Give a demo user an enrolled device with a known secret, replacing any other."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(name=DEMO_DEVICE).delete()
        device, _ = TOTPDevice.objects.update_or_create(
            user=user, name=DEMO_DEVICE, defaults={"key": key, "confirmed": True}
        )
    return device


def totp_demo_code(user: User) -> str:
    """The code a demo user's authenticator shows now; refused unless the demo setting is on."""
    if not settings.FRONTDOOR_DEMO_TWO_FACTOR_CODES:
        raise NotADemoUser("FRONTDOOR_DEMO_TWO_FACTOR_CODES is off: codes are never printed here")
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE, confirmed=True).first()
    if device is None:
        raise NotADemoUser(f"username: {user.username!r} is not a demo user")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
