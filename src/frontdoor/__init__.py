"""Frontdoor: a multi-agency safeguarding hub for children who live with domestic abuse."""
