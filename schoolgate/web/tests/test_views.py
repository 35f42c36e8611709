"""The shell: each person lands on their own page; parents see only their children."""

from schoolgate.people.tests.factories import ParentFactory, ParentLinkFactory, PupilFactory


def test_a_parent_lands_on_their_family_page(personas, sign_in):
    response = sign_in(personas.parent).get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/family/"
    assert response.status_code == 200


def test_staff_land_on_the_dashboard(personas, sign_in):
    response = sign_in(personas.teacher).get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert "Larkspur Primary" in response.content.decode()


def test_a_parent_sees_their_own_children_and_nobody_elses(personas, sign_in):
    mine = ParentFactory(school=personas.school, user=personas.parent)
    ParentLinkFactory(parent=mine, pupil=PupilFactory(school=personas.school, first_name="Tilly"))
    ParentLinkFactory(pupil=PupilFactory(school=personas.school, first_name="Barnaby"))
    page = sign_in(personas.parent).get("/family/").content.decode()
    assert "Tilly" in page
    assert "Barnaby" not in page


def test_a_parent_with_no_linked_children_is_told_who_to_ask(personas, sign_in):
    page = sign_in(personas.parent).get("/family/").content.decode()
    assert "No children are linked to your account yet" in page
