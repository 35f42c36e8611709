"""`schoolgate policy list | show | diff`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from schoolgate.policy.engine import PROFILE_CODES, REGISTRY, load_profile


def run(*args):
    out = StringIO()
    call_command("policy", *args, stdout=out)
    return out.getvalue()


def test_list_names_every_profile_with_version_and_rule_counts():
    lines = {line.split()[0]: line for line in run("list").splitlines()[1:]}
    assert set(lines) == set(PROFILE_CODES)
    on = sum(rule.enabled for rule in load_profile("brize").rules.values())
    assert lines["brize"].split()[1:3] == ["2019-01", f"{on}/{len(REGISTRY)}"]
    assert lines["brize"].endswith("Brize Norton Primary School")
    assert "Washwood Heath" in lines["whmat"]


def test_show_prints_every_rule_with_its_source_grouped_by_area():
    out = run("show", "whmat")
    assert "C5 Accounts, applications and declarations" in out
    assert "registers.professional_accounts" in out
    assert "source: whmat 6.6, 6.7" in out
    assert "interval_months = 24" in out


def test_diff_shire_brize_shows_child_naming_and_consent_duration():
    out = run("diff", "shire", "brize")
    naming = out.index("publishing.child_naming")
    assert "with_photos" in out[naming:]
    assert "first_name_only" in out[naming:] and "no_names" in out[naming:]
    consent = out.index("consent.photo)")
    block = out[consent : consent + 400]
    assert "expiry_months" in block and "12" in block
    assert 'brize "Privacy and Safeguarding"' in block
    assert 'shire "Safeguarding the children"' in block


def test_diff_shows_only_real_differences():
    out = run("diff", "shire", "shire")
    assert "0 differences" in out
    assert "publishing.child_naming" not in out


def test_an_unknown_profile_is_a_command_error():
    with pytest.raises(CommandError, match="no built-in profile"):
        run("show", "hogwarts")
