"""Every URL of Schoolgate. Each view names its action (see core.views)."""

from django.urls import include, path

handler403 = "schoolgate.core.views.permission_denied"

urlpatterns = [
    path("", include("schoolgate.web.urls")),
    path("accounts/", include("schoolgate.accounts.urls")),
    path("accounts/sso/", include("schoolgate.accounts.sso_urls")),
    path("policy/", include("schoolgate.policy.urls")),
    path("audit/", include("schoolgate.audit.urls")),
    path("people/", include("schoolgate.people.urls")),
    path("compliance/", include("schoolgate.compliance.urls")),
    path("devices/", include("schoolgate.devices.urls")),
    path("sanctions/", include("schoolgate.sanctions.urls")),
    path("consent/", include("schoolgate.consent.urls")),
    path("registers/", include("schoolgate.registers.urls")),
    path("publishing/", include("schoolgate.publishing.urls")),
    path("news/", include("schoolgate.publishing.blog_urls")),
    path("photos/", include("schoolgate.photos.urls")),
    path("safeguarding/", include("schoolgate.safeguarding.urls")),
    path("moderation/", include("schoolgate.moderation.urls")),
    path("notifications/", include("schoolgate.notifications.urls")),
    path("data-protection/", include("schoolgate.dataprotection.urls")),
]
