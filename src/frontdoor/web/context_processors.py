"""What every page needs: the service's name and where the signed-in user sits."""

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    profile = (
        getattr(request.user, "staff_profile", None) if request.user.is_authenticated else None
    )
    return {
        "service_name": settings.FRONTDOOR_SERVICE_NAME,
        "partnership_name": settings.FRONTDOOR_PARTNERSHIP_NAME,
        "staff_profile": profile,
        "synthetic_data_banner": settings.FRONTDOOR_SYNTHETIC_DATA_BANNER,
    }
