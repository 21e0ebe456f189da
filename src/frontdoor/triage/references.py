"""Referral references: short, unambiguous to read aloud, and the same after any rebuild."""

import hashlib

# Crockford's base 32: no I, L, O or U, so a reference survives being read over the phone.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def referral_reference(source: str, message_id: str) -> str:
    """FD-XXXXX-XXXXX (50 bits), from the message's key so rebuilding the hub never changes it."""
    digest = int.from_bytes(hashlib.sha256(f"{source}|{message_id}".encode()).digest()[:7], "big")
    chars = []
    for _ in range(10):
        digest, index = divmod(digest, 32)
        chars.append(ALPHABET[index])
    code = "".join(reversed(chars))
    return f"FD-{code[:5]}-{code[5:]}"
