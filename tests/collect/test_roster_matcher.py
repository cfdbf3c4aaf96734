"""The roster's matcher (indexed once for a whole class) finds the very student the rule of
matching names: by email, then SIS login (whole, or the part before '@'), then a name only one
student has, the first in roster order wherever two fit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.core.roster import Matcher, RosterStudent, name_key


def reference(roster: list[RosterStudent], name: str,
              email: str) -> tuple[RosterStudent | None, str]:
    """The rule as written before the index: each submission walks the roster."""
    mail = email.strip().casefold()
    if mail:
        for s in roster:
            if s.email and s.email.casefold() == mail:
                return s, "email"
        local = mail.split("@", 1)[0]
        for s in roster:
            login = s.sis_login.casefold()
            if login and (login == mail or ("@" not in login and login == local)):
                return s, "SIS login"
    wanted = name_key(name)
    same = [s for s in roster if wanted and name_key(s.name) == wanted]
    return (same[0], "name") if len(same) == 1 else (None, "")


# few distinct values, so that emails, logins and names collide often
_names = st.sampled_from(["Ada Lovelace", "Lovelace, Ada", "ADA LOVELACE", "Bob Byte", "Bøb Byte",
                          "Carla", "", "  "])
_mails = st.sampled_from(["ada@uni.edu", "ADA@uni.edu", "bob@uni.edu", "ada", "bob", "", " ",
                          "ada@other.edu", "carla@uni.edu"])
_students = st.builds(lambda name, email, login, i: RosterStudent(f"k{i}", name, email, "",
                                                                 login),
                      _names, _mails, _mails, st.integers(0, 999))


@settings(max_examples=300, deadline=None)
@given(st.lists(_students, max_size=6), st.lists(st.tuples(_names, _mails), max_size=8))
def test_the_matcher_finds_whom_the_rule_finds(roster: list[RosterStudent],
                                               submissions: list[tuple[str, str]]) -> None:
    matcher = Matcher(roster)
    for name, email in submissions:
        assert matcher.match(name, email) == reference(roster, name, email)
