"""The app exactly as `frontdoor.wsgi` makes it, for gunicorn to serve under another name.

The API benchmark must serve what a deployment serves, so it loads the production entry point
(and whatever process set-up that does). Its command line names this module rather than
`frontdoor.wsgi`: on a shared machine, a broad `pkill -f frontdoor` meant for a developer's own
server once killed benchmark processes half-way through a run.
"""

from frontdoor.wsgi import application

__all__ = ["application"]
