"""How the service's log reads: one line for each refused or unknown page, a traceback only for
a fault."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """Keep Django's line for a request it answered with a 4xx (a refusal, a page not found)
    but not the traceback of the exception that made it: the refusal is the service working."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
