"""Referral references: short, unambiguous to read aloud, and the same after any rebuild."""

import hashlib

# Crockford's base 32: no I, L, O or U, so a reference survives being read over the phone.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def referral_reference(source: str, message_id: str) -> str:
    """FD-XXXX-XXXX, derived from the message's key so rebuilding the hub never changes it."""
    digest = int.from_bytes(hashlib.sha256(f"{source}|{message_id}".encode()).digest()[:5], "big")
    chars = []
    for _ in range(8):
        digest, index = divmod(digest, 32)
        chars.append(ALPHABET[index])
    code = "".join(reversed(chars))
    return f"FD-{code[:4]}-{code[4:]}"
