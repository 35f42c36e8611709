"""The demo trust: five fictional schools, their people, and a login per role.

Everything is drawn from a fixed seed, so every load makes the same people.
Dates of birth follow the English school year (1 September to 31 August), so
pupils are always the right age for their year group. Each staff login gets a
confirmed authenticator and backup codes, so a visitor passes the second
factor with a printed code; parents have no second factor.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolgate.accounts.services import BACKUP_CODE_COUNT, backup_codes_issue
from schoolgate.people.models import (
    Parent,
    ParentLink,
    Pupil,
    RoleAssignment,
    School,
    StaffMember,
    Trust,
)
from schoolgate.people.roles import STAFF_ROLES, Role
from schoolgate.policy.engine import load_profile

SEED = 2025
PASSWORD = "schoolgate-demo"  # noqa: S105  (printed for visitors; demo data only)
DOMAIN = "demo.test"  # RFC 2606: .test never resolves, so no mail can escape.
TRUST_NAME = "Quillmere Learning Trust"
TRUST_SLUG = "quillmere-demo"
TRUST_MAIL = f"quillmere.{DOMAIN}"
BACKUP_DEVICE = "Backup codes"
#: Where `make run` leaves the logins, in the demo's var/ folder.
LOGINS_FILE = "demo-logins.txt"


class DemoError(Exception):
    """The demo cannot be loaded into this database."""


@dataclass(frozen=True)
class DemoSchool:
    slug: str
    name: str
    profile: str
    phase: str  # "primary" (Reception to Year 6) or "secondary" (Years 7 to 11)


SCHOOLS = (
    DemoSchool("puddlecombe", "Puddlecombe Primary School", "shire", "primary"),
    DemoSchool("kettlewick", "Kettlewick CE Primary School", "jessons", "primary"),
    DemoSchool("gorsemoor", "Gorsemoor Academy", "whmat", "secondary"),
    DemoSchool("stbartlebys", "St Bartleby's CE Primary Academy", "stpeters", "primary"),
    DemoSchool("brambleford", "Brambleford Primary School", "brize", "primary"),
)


@dataclass(frozen=True)
class StaffPost:
    role: str
    kind: str
    job_title: str


Kind = StaffMember.Kind
# One login per staff role at every school, in the order they are printed.
POSTS = (
    StaffPost(Role.HEAD, Kind.LEADERSHIP, "Headteacher"),
    StaffPost(Role.DEPUTY_HEAD, Kind.LEADERSHIP, "Deputy headteacher"),
    StaffPost(Role.DSL, Kind.LEADERSHIP, "Assistant head, designated safeguarding lead"),
    StaffPost(Role.HR, Kind.SUPPORT, "HR officer"),
    StaffPost(Role.ICT, Kind.SUPPORT, "ICT technician"),
    StaffPost(Role.ONLINE_SAFETY, Kind.TEACHING, "Computing lead, online-safety officer"),
    StaffPost(Role.DPO, Kind.SUPPORT, "Data protection officer"),
    StaffPost(Role.OFFICE, Kind.SUPPORT, "School office manager"),
    StaffPost(Role.TEACHER, Kind.TEACHING, "Class teacher"),
    StaffPost(Role.SUPPORT, Kind.SUPPORT, "Teaching assistant"),
    StaffPost(Role.SUPPLY, Kind.SUPPLY, "Supply teacher"),
    StaffPost(Role.AGENCY, Kind.AGENCY, "Agency cover supervisor"),
    StaffPost(Role.CONTRACTOR, Kind.CONTRACTOR, "Website contractor"),
    StaffPost(Role.VOLUNTEER, Kind.VOLUNTEER, "Reading volunteer"),
    StaffPost(Role.GOVERNOR, Kind.GOVERNOR, "Local governor"),
)
TRUST_ROLES = (Role.CEO, Role.DEPUTY_CEO, Role.EXECUTIVE_HEAD, Role.CHAIR, Role.TRUSTEE)
PLACE_ORDER = {"": 0} | {spec.slug: n for n, spec in enumerate(SCHOOLS, start=1)}
ROLE_ORDER = {
    str(role): n
    for n, role in enumerate((*TRUST_ROLES, *(post.role for post in POSTS), Role.PARENT))
}
# Role addresses: head@puddlecombe.demo.test, ceo@quillmere.demo.test.
LOGIN_NAMES: dict[str, str] = {Role.DEPUTY_HEAD: "deputy", Role.ONLINE_SAFETY: "onlinesafety"}
LOGIN_NAMES |= {Role.GOVERNORS_CHAIR: "chairofgovernors"}
ROLE_ORDER[str(Role.GOVERNORS_CHAIR)] = len(ROLE_ORDER)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PRIMARY_CLASSES = ("Acorns", "Hazel", "Rowan", "Willow", "Beech", "Oak", "Cedar")
PRIMARY_YEARS = tuple(range(0, 7))  # Reception (0) to Year 6
SECONDARY_YEARS = tuple(range(7, 12))  # Years 7 to 11

FEMALE = _words(
    "Amara Priya Zara Isla Ava Freya Maya Aisha Ruby Evie Sophia Poppy Ivy Mia Lily Hana "
    "Willow Esme Nia Ada Zofia Grace Imogen Layla Maryam Olivia Chloe Matilda Aaliyah "
    "Elsie Bethan Niamh Kemi Anjali Rosa Florence Harper Aoife Sienna Thea"
)
MALE = _words(
    "Oliver Finn Noah Muhammad Leo Arlo Theo Jack Oscar Harry Yusuf Alfie George Arthur "
    "Jude Reuben Kai Rory Ezra Tomasz Ibrahim Louis Samuel Idris Rohan Caleb Jacob Hamza "
    "Felix Callum Dylan Emeka Ravi Stanley Teddy Gethin Mateo Kofi Ewan Hugo"
)
SURNAMES = _words(
    "Okafor Quillfeather Bramblecott Patel Thistlewood Marchbank Nowak Pennywhistle Khan "
    "Larkwood Adeyemi Fennimore Kowalski Dunnock Mensah Hazelbrook Begum Ashcombe Nguyen "
    "Wrenfield Hughes Tumbleton O'Brien Mossgrove Campbell Ketteridge Ahmed Applethwaite "
    "Chen Gorseway Sharma Featherstonehaugh Davies Ollerenshaw Walsh Puddifoot Kaur "
    "Blackthorne Osei Fairweather Ali Merrivale Rossi Haverbrook Silva Cobblestone Evans "
    "Nettlefold Murphy Hollowell Iqbal Pemberthy Kaczmarek Starling Achterberg Mallowby"
)
NICKNAMES = {"Oliver": "Ollie", "Samuel": "Sam", "Matilda": "Tilly", "Florence": "Flo"}
NICKNAMES |= {"Alfie": "Alf", "Theodore": "Theo", "Imogen": "Immy", "Jacob": "Jake"}


@dataclass
class DemoSummary:
    schools: int = 0
    staff: int = 0
    logins: int = 0
    pupils: int = 0
    former_pupils: int = 0
    parents: int = 0


@dataclass(frozen=True)
class DemoLogin:
    """A demo account as printed: where, which role, the address and a code."""

    place: str
    role: str
    name: str
    email: str
    code: str  # an unused backup code; empty where no second factor is asked


@dataclass
class _Person:
    first_name: str
    surname: str
    title: str


@dataclass
class _SchoolPlan:
    """The rows of one school, made in memory before being saved in bulk."""

    school: School
    staff: list[StaffMember] = field(default_factory=list)
    pupils: list[Pupil] = field(default_factory=list)
    parents: list[Parent] = field(default_factory=list)
    # (parent index, pupil index, relationship) within this school's lists.
    links: list[tuple[int, int, str]] = field(default_factory=list)


def demo_exists() -> bool:
    """Return whether the demo trust is in the database."""
    return Trust.objects.filter(slug=TRUST_SLUG).exists()


def demo_people_load(*, today: dt.date | None = None) -> tuple[Trust, DemoSummary, dt.date]:
    """Load the demo trust's schools and people into a database with no schools.

    Return the trust, the counts and the day the people were built for. The
    trust's people are the same on every load (a fixed seed); only their
    dates of birth move with the school year of `today`. The rest of the demo
    (devices, consent, news, comments) is loaded above the apps, by
    `schoolgate.demo.demo_load`.
    """
    if School.objects.exists():
        raise DemoError(
            "The database holds schools already; the demo loads only into an empty one."
        )
    builder = _Builder(random.Random(SEED), today or timezone.localdate())
    trust = Trust.objects.create(name=TRUST_NAME, slug=TRUST_SLUG)
    return trust, builder.build(trust), builder.today


def demo_logins() -> list[DemoLogin]:
    """Return every demo login, each staff login with an unused backup code.

    A staff login that has used all of its codes is issued a fresh set.
    """
    assignments = list(
        RoleAssignment.objects.filter(
            trust__slug=TRUST_SLUG, user__email__endswith=f".{DOMAIN}"
        ).select_related("user", "school")
    )
    codes = _unused_codes([a.user for a in assignments])
    logins = []
    for assignment in sorted(assignments, key=_print_order):
        code = ""
        if assignment.role in STAFF_ROLES:
            code = codes.get(assignment.user_id) or backup_codes_issue(user=assignment.user)[0]
        user = assignment.user
        logins.append(
            DemoLogin(_place(assignment), Role(assignment.role).label, str(user), user.email, code)
        )
    return logins


def login_lines(logins: list[DemoLogin]) -> list[str]:
    """Return the demo logins as lines for the terminal, grouped by place."""
    lines = [
        f"Demo logins. Password for every one: {PASSWORD}",
        "Staff: when asked for a one-time code, type the backup code shown (each works once;",
        "run `schoolgate demo --logins` for fresh ones). Parents have no second factor.",
    ]
    place = None
    for login in logins:
        if login.place != place:
            place = login.place
            lines += ["", place]
        code = login.code or "(no second factor)"
        lines.append(f"  {login.role:<35} {login.name:<24} {login.email:<36} {code}")
    return lines


def logins_file_write() -> Path:
    """Write the demo logins, an unused backup code each, to var/; return the path.

    Only its owner may read it: it holds a working password and codes.
    """
    path = Path(settings.VAR_DIR) / LOGINS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text("\n".join(login_lines(demo_logins())) + "\n")
    return path


def _place(assignment: RoleAssignment) -> str:
    school = assignment.school
    return f"{school.name} ({school.profile} profile)" if school else f"{TRUST_NAME} (trust-wide)"


def _print_order(assignment: RoleAssignment) -> tuple[int, int]:
    school = assignment.school.slug if assignment.school else ""
    return PLACE_ORDER.get(school, len(PLACE_ORDER)), ROLE_ORDER.get(assignment.role, 99)


def _unused_codes(users: list[Any]) -> dict[int, str]:
    tokens = StaticToken.objects.filter(
        device__user__in=users, device__name=BACKUP_DEVICE
    ).order_by("-pk")
    # Ordered newest first, so the oldest unused code is the one kept.
    return {token.device.user_id: token.token for token in tokens.select_related("device")}


class _Builder:
    """Draws the trust's people from one random generator, in a fixed order."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        # The school year that `today` falls in starts on 1 September.
        self.year_start = today.year if today.month >= 9 else today.year - 1
        self.password = make_password(PASSWORD)
        self.users: list[Any] = []
        self.roles: list[RoleAssignment] = []
        self.mis_counter: dict[str, int] = defaultdict(int)
        self.executive_head: tuple[_Person, Any] | None = None

    def build(self, trust: Trust) -> DemoSummary:
        schools = School.objects.bulk_create(
            School(
                trust=trust,
                name=spec.name,
                slug=spec.slug,
                urn=f"DEMO{n:02d}",
                profile=spec.profile,
                email=f"office@{spec.slug}.{DOMAIN}",
                phone=f"01632 960{100 + n:03d}",  # Ofcom's range for drama
            )
            for n, spec in enumerate(SCHOOLS, start=1)
        )
        self._trust_logins(trust)
        plans = [
            self._plan_school(spec, school) for spec, school in zip(SCHOOLS, schools, strict=True)
        ]
        self._save_users()
        for plan in plans:
            self._save_plan(plan)
        return self._summary(plans)

    # People and names -----------------------------------------------------

    def _person(self, *, adult: bool, taken: set[str] | None = None) -> _Person:
        female = self.rng.random() < 0.6 if adult else self.rng.random() < 0.5
        first = self.rng.choice(FEMALE if female else MALE)
        surname = self.rng.choice([s for s in SURNAMES if not taken or s not in taken])
        if taken is not None:
            taken.add(surname)
        if not adult:
            return _Person(first, surname, "")
        titles = ("Mrs", "Ms", "Miss", "Dr") if female else ("Mr", "Mr", "Mr", "Dr")
        title = "Mx" if self.rng.random() < 0.03 else self.rng.choice(titles)
        return _Person(first, surname, title)

    def _mis_id(self, school: School, kind: str) -> str:
        key = f"{school.slug}:{kind}"
        self.mis_counter[key] += 1
        return f"{school.slug[:3].upper()}-{kind}{self.mis_counter[key]:04d}"

    # Logins ---------------------------------------------------------------

    def _login(self, email: str, person: _Person, role: str, trust: Trust, school: Any) -> Any:
        user = get_user_model()(
            email=email,
            username=email,
            first_name=person.first_name,
            last_name=person.surname,
            display_name=f"{person.title} {person.surname}".strip(),
            password=self.password,
        )
        self.users.append(user)
        self.roles.append(RoleAssignment(user=user, role=role, trust=trust, school=school))
        return user

    def _trust_logins(self, trust: Trust) -> None:
        taken: set[str] = set()
        for role in TRUST_ROLES:
            person = self._person(adult=True, taken=taken)
            user = self._login(f"{_login_name(role)}@{TRUST_MAIL}", person, role, trust, None)
            if role == Role.EXECUTIVE_HEAD:
                self.executive_head = (person, user)

    def _school_leaders(self, plan: _SchoolPlan, taken: set[str]) -> None:
        """Add the executive head to each school's staff list, so a concern can name
        them (stpeters "Online safety"), and a chair of governors with a login.

        Drawn from a random source of their own, so the rest of the demo's
        people are the same as before these were added.
        """
        assert self.executive_head is not None  # the trust's logins come first
        person, user = self.executive_head
        title = "Executive head / principal (across the trust)"
        email = f"{_login_name(Role.EXECUTIVE_HEAD)}@{plan.school.slug}.{DOMAIN}"
        member = self._staff_member(plan, person, Kind.LEADERSHIP, title, email)
        member.user = user
        main, self.rng = self.rng, random.Random(f"{SEED}:{plan.school.slug}:chair")
        try:
            chair = self._person(adult=True, taken=taken | {person.surname})
        finally:
            self.rng = main
        email = f"{_login_name(Role.GOVERNORS_CHAIR)}@{plan.school.slug}.{DOMAIN}"
        login = self._login(email, chair, Role.GOVERNORS_CHAIR, plan.school.trust, plan.school)
        member = self._staff_member(plan, chair, Kind.GOVERNOR, "Chair of governors", email)
        member.user = login

    def _save_users(self) -> None:
        get_user_model().objects.bulk_create(self.users)
        RoleAssignment.objects.bulk_create(self.roles)
        staff = [r.user for r in self.roles if r.role in STAFF_ROLES]
        TOTPDevice.objects.bulk_create(
            TOTPDevice(user=user, name="Authenticator app", confirmed=True) for user in staff
        )
        devices = StaticDevice.objects.bulk_create(
            StaticDevice(user=user, name=BACKUP_DEVICE, confirmed=True) for user in staff
        )
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=StaticToken.random_token())
            for device in devices
            for _ in range(BACKUP_CODE_COUNT)
        )

    # One school -----------------------------------------------------------

    def _plan_school(self, spec: DemoSchool, school: School) -> _SchoolPlan:
        plan = _SchoolPlan(school)
        taken: set[str] = set()
        for post in POSTS:
            self._staff_login(plan, post, taken)
        self._colleagues(plan, spec, taken)
        self._families(plan, spec)
        self._former_pupils(plan, spec)
        self._parent_login(plan)
        self._school_leaders(plan, taken)
        return plan

    def _staff_login(self, plan: _SchoolPlan, post: StaffPost, taken: set[str]) -> None:
        school = plan.school
        person = self._person(adult=True, taken=taken)
        email = f"{_login_name(post.role)}@{school.slug}.{DOMAIN}"
        if post.role == Role.ONLINE_SAFETY and not _names_online_safety_officer(school):
            # The post is there, but the role only where the policy names one.
            self._staff_member(plan, person, post.kind, "Computing lead", email)
            return
        user = self._login(email, person, post.role, school.trust, school)
        member = self._staff_member(plan, person, post.kind, post.job_title, email)
        member.user = user

    def _staff_member(
        self, plan: _SchoolPlan, person: _Person, kind: str, job_title: str, email: str = ""
    ) -> StaffMember:
        school = plan.school
        address = f"{person.first_name[0]}.{person.surname}".lower().replace("'", "")
        member = StaffMember(
            school=school,
            mis_id=self._mis_id(school, "S"),
            title=person.title,
            first_name=person.first_name,
            surname=person.surname,
            formal_name=f"{person.title} {person.surname}",
            email=email or f"{address}@{school.slug}.{DOMAIN}",
            kind=kind,
            job_title=job_title,
        )
        plan.staff.append(member)
        return member

    def _colleagues(self, plan: _SchoolPlan, spec: DemoSchool, taken: set[str]) -> None:
        """Add the teachers and assistants who have no demo login."""
        if spec.phase == "primary":
            titles = [f"Class teacher, {name}" for name in PRIMARY_CLASSES[1:]]
        else:
            subjects = _words("English Maths Science History Geography Art Music PE Languages")
            titles = [f"Teacher of {subject}" for subject in subjects]
        for job_title in titles:
            self._staff_member(
                plan, self._person(adult=True, taken=taken), Kind.TEACHING, job_title
            )
        for _ in range(3):
            person = self._person(adult=True, taken=taken)
            self._staff_member(plan, person, Kind.SUPPORT, "Teaching assistant")

    # Pupils and parents ---------------------------------------------------

    def _families(self, plan: _SchoolPlan, spec: DemoSchool) -> None:
        target = self.rng.randint(44, 56)
        while len(plan.pupils) < target:
            self._family(plan, spec)

    def _family(self, plan: _SchoolPlan, spec: DemoSchool) -> None:
        surname = self.rng.choice(SURNAMES)
        children = self.rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        first_child = len(plan.pupils)
        for _ in range(children):
            plan.pupils.append(self._pupil(plan.school, spec, surname))
        carers = self.rng.choices((1, 2), weights=(30, 70))[0]
        for n in range(carers):
            parent, relationship = self._parent(plan.school, surname, first=n == 0)
            plan.parents.append(parent)
            for child in range(first_child, len(plan.pupils)):
                plan.links.append((len(plan.parents) - 1, child, relationship))

    def _pupil(
        self, school: School, spec: DemoSchool, surname: str, *, year: int | None = None
    ) -> Pupil:
        years = PRIMARY_YEARS if spec.phase == "primary" else SECONDARY_YEARS
        year = self.rng.choice(years) if year is None else year
        first = self.rng.choice(self.rng.choice((FEMALE, MALE)))
        return Pupil(
            school=school,
            mis_id=self._mis_id(school, "P"),
            first_name=first,
            surname=surname,
            preferred_name=NICKNAMES.get(first, "") if self.rng.random() < 0.5 else "",
            date_of_birth=self._birthday(year),
            year_group=_year_label(year),
            class_name=_class_name(year, spec, self.rng),
        )

    def _birthday(self, year: int) -> dt.date:
        """Return a birthday that puts a child in the year group this school year."""
        start = dt.date(self.year_start - 5 - year, 9, 1)
        end = dt.date(self.year_start - 4 - year, 8, 31)
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def _parent(self, school: School, family: str, *, first: bool) -> tuple[Parent, str]:
        female = self.rng.random() < (0.7 if first else 0.3)
        first_name = self.rng.choice(FEMALE if female else MALE)
        title = self.rng.choice(("Mrs", "Ms", "Miss")) if female else "Mr"
        surname, relationship = family, "Mother" if female else "Father"
        if not first and self.rng.random() < 0.15:
            surname = self.rng.choice(SURNAMES)
            relationship = self.rng.choice(("Step-parent", "Carer"))
        address = f"{first_name}.{surname}".lower().replace("'", "")
        parent = Parent(
            school=school,
            mis_id=self._mis_id(school, "C"),
            title=title,
            first_name=first_name,
            surname=surname,
            email=f"{address}{self.rng.randint(1, 99)}@mail.{DOMAIN}",
            phone=f"07700 900{self.rng.randint(0, 999):03d}",  # Ofcom's range for drama
        )
        return parent, relationship

    def _former_pupils(self, plan: _SchoolPlan, spec: DemoSchool) -> None:
        """Add last summer's leavers: Year 6 at a primary, Year 11 at a secondary."""
        last_year = PRIMARY_YEARS[-1] if spec.phase == "primary" else SECONDARY_YEARS[-1]
        for _ in range(3):
            pupil = self._pupil(plan.school, spec, self.rng.choice(SURNAMES), year=last_year)
            pupil.date_of_birth = self._birthday(last_year + 1)  # a year older now
            pupil.status = Pupil.Status.FORMER
            pupil.left_on = dt.date(self.year_start, 7, 22)
            plan.pupils.append(pupil)

    def _parent_login(self, plan: _SchoolPlan) -> None:
        """Give the first parent with two children at the school a login."""
        counts: dict[int, int] = defaultdict(int)
        for parent_index, _, _ in plan.links:
            counts[parent_index] += 1
        index = next((i for i, n in counts.items() if n >= 2), 0)
        parent = plan.parents[index]
        school = plan.school
        parent.email = f"parent@{school.slug}.{DOMAIN}"
        person = _Person(parent.first_name, parent.surname, parent.title)
        parent.user = self._login(parent.email, person, Role.PARENT, school.trust, school)

    # Saving ---------------------------------------------------------------

    def _save_plan(self, plan: _SchoolPlan) -> None:
        StaffMember.objects.bulk_create(plan.staff)
        Pupil.objects.bulk_create(plan.pupils)
        Parent.objects.bulk_create(plan.parents)
        ParentLink.objects.bulk_create(
            ParentLink(parent=plan.parents[p], pupil=plan.pupils[c], relationship=relationship)
            for p, c, relationship in plan.links
        )

    def _summary(self, plans: list[_SchoolPlan]) -> DemoSummary:
        pupils = [p for plan in plans for p in plan.pupils]
        former = sum(1 for p in pupils if p.status == Pupil.Status.FORMER)
        return DemoSummary(
            schools=len(plans),
            staff=sum(len(plan.staff) for plan in plans),
            logins=len(self.users),
            pupils=len(pupils) - former,
            former_pupils=former,
            parents=sum(len(plan.parents) for plan in plans),
        )


def _names_online_safety_officer(school: School) -> bool:
    profile = load_profile(school.profile)
    return profile.enabled("people.roles") and bool(
        profile.param("people.roles", "online_safety_officer")
    )


def _login_name(role: str) -> str:
    return LOGIN_NAMES.get(role, role.replace("_", ""))


def _year_label(year: int) -> str:
    return "Reception" if year == 0 else f"Year {year}"


def _class_name(year: int, spec: DemoSchool, rng: random.Random) -> str:
    if spec.phase == "primary":
        return PRIMARY_CLASSES[year]
    return f"{year}{rng.choice('KW')}"  # two tutor groups a year
