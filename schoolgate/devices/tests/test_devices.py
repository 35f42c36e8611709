"""Devices: the register and photos, the trip phone, the hand-in, own IMEIs."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.checks.photos.metadata import PhotoMetadata, match_device
from schoolgate.core.exceptions import ApplicationError
from schoolgate.devices.checks import imei_valid, luhn_valid
from schoolgate.devices.models import Device, PhoneHandIn, StaffPhone
from schoolgate.devices.selectors import device_register, overdue_trip_phones
from schoolgate.devices.services import device_retire, staff_phone_record
from schoolgate.devices.tests.factories import DeviceFactory, TripPhoneLoanFactory
from schoolgate.people.tests.factories import PupilFactory, RoleFactory, SchoolFactory
from schoolgate.sanctions.tests.factories import PhoneBanFactory

# --- IMEI -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("490154203237518", True),
        ("49-015420-323751-8", True),
        ("490154203237519", False),  # last digit wrong
        ("490154203237581", False),  # two digits swapped
        ("49015420323751", False),  # 14 digits
        ("49015420323751X", False),
    ],
)
def test_imei_needs_fifteen_digits_with_a_correct_luhn_digit(text, valid):
    assert imei_valid(text) is valid


def test_luhn_accepts_a_card_number_and_refuses_it_altered():
    assert luhn_valid("79927398713") is True
    assert luhn_valid("79927398710") is False


def test_a_staff_imei_is_recorded_only_where_the_policy_asks_and_never_audited(db):
    jessons = SchoolFactory(profile="jessons")
    shire = SchoolFactory(profile="shire")
    teacher = RoleFactory(school=jessons, role="teacher").user
    with pytest.raises(ApplicationError, match="does not ask"):
        staff_phone_record(school=shire, imei="490154203237518", actor=teacher)
    staff_phone_record(school=jessons, imei="4901 5420 3237 518", actor=teacher)
    assert StaffPhone.objects.get(user=teacher).imei == "490154203237518"
    entry = AuditEntry.objects.get(event="devices.staff_phone_recorded")
    assert "490154203237518" not in f"{entry.extra}{entry.subject_label}"


def test_the_own_phone_page_shows_only_the_owners_imei(db, client):
    from conftest import signed_in

    school = SchoolFactory(profile="jessons")
    owner = RoleFactory(school=school, role="teacher").user
    other = RoleFactory(school=school, role="hr").user
    StaffPhone.objects.create(user=owner, imei="490154203237518")
    assert "490154203237518" in signed_in(client, owner).get(reverse("devices:own_phone")).text
    assert "490154203237518" not in signed_in(client, other).get(reverse("devices:own_phone")).text


def test_the_imei_is_encrypted_at_rest(db):
    school = SchoolFactory(profile="jessons")
    owner = RoleFactory(school=school, role="teacher").user
    staff_phone_record(school=school, imei="490154203237518", actor=owner)
    with connection.cursor() as cursor:
        cursor.execute("SELECT imei_sealed FROM devices_staffphone")
        [(stored,)] = cursor.fetchall()
    assert "490154203237518" not in stored
    assert StaffPhone.objects.get(user=owner).imei == "490154203237518"


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_imeis_recorded_before_it():
    executor = MigrationExecutor(connection)
    before = [("devices", "0001_device_register_trip_phone_hand_in")]
    after = [("devices", "0002_staff_imei_encrypted")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    user = old_apps.get_model("accounts", "User").objects.create(email="old@x.test")
    old_apps.get_model("devices", "StaffPhone").objects.create(user=user, imei="490154203237518")
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    phone = StaffPhone.objects.get(user_id=user.pk)
    assert "490154203237518" not in phone.imei_sealed
    assert phone.imei == "490154203237518"


# --- Register and photos ---------------------------------------------------


def test_register_entries_match_a_photo_by_make_model_and_serial(db):
    school = SchoolFactory()
    DeviceFactory(school=school, make="Canon", model="Canon EOS 250D", serial="083021004417")
    DeviceFactory(school=school, make="Apple", model="iPad (9th generation)", serial="")
    register = device_register(school)
    camera = PhotoMetadata(make="Canon Inc.", model="Canon EOS 250D", serial="083021004417")
    other_body = PhotoMetadata(make="Canon", model="Canon EOS 250D", serial="999")
    ipad = PhotoMetadata(make="Apple", model="iPad (9th generation)")
    phone = PhotoMetadata(make="Google", model="Pixel 7")
    assert match_device(camera, register) == "registered"
    assert match_device(other_body, register) == "unknown"
    assert match_device(ipad, register) == "registered"
    assert match_device(phone, register) == "unknown"
    assert match_device(ipad, device_register(SchoolFactory())) == "unknown"


def test_a_retired_device_no_longer_vouches_for_photos(personas):
    device = DeviceFactory(school=personas.school)
    device_retire(device=device, actor=personas.ict)
    ipad = PhotoMetadata(make="Apple", model="iPad (9th generation)")
    assert match_device(ipad, device_register(personas.school)) == "unknown"
    assert AuditEntry.objects.filter(event="devices.retired").count() == 1


def test_the_register_lists_searches_and_exports(personas, sign_in, django_assert_max_num_queries):
    for n in range(12):
        DeviceFactory(school=personas.school, name=f"Tablet {n}")
    DeviceFactory(school=personas.school, name="Office camera", kind=Device.Kind.CAMERA)
    client = sign_in(personas.ict)
    # 13 with the menu asking whether ICT holds a blog account (shire moderators).
    with django_assert_max_num_queries(13):
        response = client.get(reverse("devices:list"), {"q": "camera"})
    assert "Office camera" in response.text and "Tablet 3" not in response.text
    export = client.get(reverse("devices:export"))
    assert export.content.decode("utf-8-sig").count("\n") == 14
    assert AuditEntry.objects.filter(event="devices.exported").exists()


def test_a_device_can_be_added_and_edited(personas, sign_in):
    client = sign_in(personas.ict)
    data = {"name": "Hall camera", "kind": "camera", "make": "Nikon", "model": "D3500"}
    assert client.post(reverse("devices:create"), data).status_code == 302
    device = Device.objects.get(name="Hall camera")
    data |= {"serial": "6001234"}
    client.post(reverse("devices:edit", kwargs={"pk": device.pk}), data)
    device.refresh_from_db()
    assert device.serial == "6001234"
    assert AuditEntry.objects.filter(event="devices.updated").get().extra["serial"] == [
        "",
        "6001234",
    ]


# --- Trip phone -------------------------------------------------------------


def test_the_dashboard_shows_an_overdue_trip_phone_to_staff(personas, sign_in):
    dashboard = reverse("web:dashboard")
    assert "Trip phone overdue" not in sign_in(personas.office).get(dashboard).text
    TripPhoneLoanFactory(
        device__school=personas.school,
        lead=personas.teacher,
        signed_out_at=timezone.now() - dt.timedelta(days=3),
        expected_back_at=timezone.now() - dt.timedelta(days=2),
    )
    page = sign_in(personas.office).get(dashboard).text
    assert "Trip phone overdue" in page and str(personas.teacher) in page
    assert "Trip phone overdue" not in sign_in(personas.outsider).get(dashboard).text


def test_the_trip_phone_is_overdue_only_after_the_policys_hours(personas):
    loan = TripPhoneLoanFactory(device__school=personas.school, lead=personas.teacher)
    back = loan.expected_back_at
    assert overdue_trip_phones(personas.school, now=back + dt.timedelta(hours=23)) == []
    overdue = overdue_trip_phones(personas.school, now=back + dt.timedelta(hours=25))
    assert [v.loan for v in overdue] == [loan]
    assert "within 24 hours" in overdue[0].findings[0].reason
    assert overdue[0].findings[0].source == 'shire "Use of Mobile Phones"'


def test_signing_out_and_returning_the_trip_phone_keeps_history(personas, sign_in):
    phone = DeviceFactory(school=personas.school, kind=Device.Kind.TRIP_PHONE, name="Trip phone")
    client = sign_in(personas.teacher)
    back = (timezone.localtime() + dt.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    data = {"device": phone.pk, "purpose": "Swimming gala", "expected_back_at": back}
    assert client.post(reverse("devices:trip_phone_sign_out"), data).status_code == 302
    again = client.post(reverse("devices:trip_phone_sign_out"), data)
    assert again.status_code == 400  # it is out already
    loan = phone.loans.get()
    office = sign_in(personas.office)
    office.post(reverse("devices:trip_phone_return", kwargs={"pk": loan.pk}))
    loan.refresh_from_db()
    assert loan.returned_to == personas.office
    assert "Swimming gala" in office.get(reverse("devices:trip_phone")).text


# --- Hand-in ----------------------------------------------------------------


def test_the_hand_in_list_shows_a_ban_and_marks_with_htmx(personas, sign_in):
    banned = PupilFactory(school=personas.school, class_name="Oak", first_name="Bea")
    pupil = PupilFactory(school=personas.school, class_name="Oak", first_name="Cal")
    PhoneBanFactory(school=personas.school, pupil=banned, decided_by=personas.head)
    client = sign_in(personas.office)
    page = client.get(reverse("devices:hand_in"), {"class": "Oak"}).text
    row_of_bea = page.split(f'id="pupil-{banned.pk}"')[1].split("</tr>")[0]
    row_of_cal = page.split(f'id="pupil-{pupil.pk}"')[1].split("</tr>")[0]
    assert "Phone ban" in row_of_bea and "Phone ban" not in row_of_cal

    url = reverse("devices:hand_in_mark")
    row = client.post(url, {"pupil": pupil.pk, "mark": "failed"}, HTTP_HX_REQUEST="true").text
    assert 'aria-pressed="true">Failed to hand in' in row
    # shire: one failure means a ban, which the head decides.
    assert "bans a pupil from bringing a phone after 1" in row
    assert PhoneHandIn.objects.get(pupil=pupil).mark == "failed"
    assert "Cal" in client.get(reverse("devices:hand_in")).text.split("Failed to hand in today")[1]


def test_a_second_tap_corrects_the_mark(personas, sign_in):
    pupil = PupilFactory(school=personas.school, class_name="Oak")
    client = sign_in(personas.teacher)
    url = reverse("devices:hand_in_mark")
    client.post(url, {"pupil": pupil.pk, "mark": "failed"})
    client.post(url, {"pupil": pupil.pk, "mark": "handed_in"})
    assert PhoneHandIn.objects.get(pupil=pupil).mark == "handed_in"
    assert AuditEntry.objects.filter(event="devices.hand_in_marked").count() == 2


def test_a_pupil_of_another_school_cannot_be_marked(personas, sign_in):
    pupil = PupilFactory(school=personas.other_school)
    response = sign_in(personas.office).post(
        reverse("devices:hand_in_mark"), {"pupil": pupil.pk, "mark": "failed"}
    )
    assert response.status_code == 404
    assert not PhoneHandIn.objects.exists()
