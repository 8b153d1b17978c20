"""One normalization of user names (issue 19, item 5): the sign-in lock, sign-in itself and
enrolment all key an account by its canonical name (NFKC + case folding), so a look-alike
spelling neither escapes the lock nor makes a second account."""

from __future__ import annotations

from liaison.core.usernames import canonical_username
from liaison.registry.models import Role
from liaison.security.models import SignInFailure
from tests.conftest import PASSWORD
from tests.security.test_sign_in_rate_limit import attempt

FULLWIDTH_E = "\uff45"  # ｅ, NFKC → e


def test_the_canonical_name_folds_look_alikes_and_case():
    assert canonical_username(f"{FULLWIDTH_E}rin") == "erin"
    assert canonical_username(" ERIN ") == "erin"
    assert canonical_username("Straße") == "strasse"


def test_a_fullwidth_look_alike_does_not_escape_the_lock(client, make_user, settings):
    """The attack: lock the account, then sign in as ``ｅrin`` with the right password."""
    settings.LIAISON_SIGNIN_MAX_FAILURES = 3
    make_user(Role.EXPERT, username="erin")
    for _ in range(3):
        attempt(client, "erin", "wrong")
    refused = attempt(client, f"{FULLWIDTH_E}rin", PASSWORD, address="198.51.100.7")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_under_look_alike_names_count_toward_one_account(client, make_user, settings):
    settings.LIAISON_SIGNIN_MAX_FAILURES = 3
    make_user(Role.EXPERT, username="erin")
    for name in (f"{FULLWIDTH_E}rin", "ERIN", "Erin"):
        assert attempt(client, name, "wrong").status_code == 200
    assert set(SignInFailure.objects.values_list("username", flat=True)) == {"erin"}
    assert attempt(client, "erin", PASSWORD).status_code == 429


def test_any_spelling_of_the_name_signs_in_to_the_account(client, make_user):
    user = make_user(Role.EXPERT, username="erin")
    assert attempt(client, f"{FULLWIDTH_E}RIN", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
