"""The demo trust, loaded across every app: the one place that knows them all.

`people.demo` makes the schools and their people; each app's own `demo.py`
adds what it keeps (devices, safeguarding records, consent, news, sign-off,
comments). This package sits above the apps, so no app imports another's
demo, and `schoolgate demo` (its management command) loads them in order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction

from schoolgate.audit.services import audit_log
from schoolgate.people.demo import SEED, DemoSummary, demo_people_load


@transaction.atomic
def demo_load(*, today: dt.date | None = None) -> DemoSummary:
    """Load the demo trust into a database with no schools; return counts.

    The trust's people are the same on every load (a fixed seed); only their
    dates of birth move with the school year of `today`.
    """
    from schoolgate.compliance.demo import demo_compliance_load
    from schoolgate.consent.demo import demo_consents_load
    from schoolgate.dataprotection.demo import demo_subject_access_load
    from schoolgate.devices.demo import demo_devices_load
    from schoolgate.moderation.channels import demo_channel_comments_queue
    from schoolgate.moderation.demo import demo_moderation_load
    from schoolgate.publishing.demo import demo_publishing_load
    from schoolgate.registers.demo import demo_logbooks_load
    from schoolgate.safeguarding.demo import demo_safeguarding_load

    trust, summary, built_on = demo_people_load(today=today)
    demo_devices_load(trust=trust, today=today)
    demo_safeguarding_load(trust=trust)
    # Photo consent, built on these pupils and parents.
    demo_consents_load(trust, today=built_on)
    # Channels and news on each school's blog; publishing builds on consent.
    demo_publishing_load(trust)
    # Policy sign-off, training and the registers (most staff signed, a few not).
    demo_compliance_load(trust, today=built_on)
    # The smaller registers each school's policy keeps (on the accounts above).
    demo_logbooks_load(trust, today=built_on)
    # Comments on that news, waiting in the moderation queue.
    demo_moderation_load(trust)
    # Parents' comments under the posts on the demo's social channels, once sent.
    demo_channel_comments_queue()
    # Subject-access requests waiting for each school's DPO, one overdue.
    demo_subject_access_load(trust, today=built_on)
    audit_log(
        event="demo.loaded",
        subject=trust,
        label=trust.name,
        extra={"seed": SEED, **dataclasses.asdict(summary)},
    )
    return summary
