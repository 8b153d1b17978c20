"""``liaison api token create|list|revoke``: API tokens from the command line.

    liaison api token create --user NAME [--org SLUG] [--name NAME]   # prints the secret once
    liaison api token list --user NAME [--org SLUG]
    liaison api token revoke ID

Creating and revoking are audited (actor: none, the command line).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from liaison.api import selectors, services
from liaison.api.models import ApiToken
from liaison.registry.models import LiaisonOrganization


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        token = sub.add_parser("token", help="API tokens")
        verbs = token.add_subparsers(dest="verb", required=True)
        create = verbs.add_parser("create", help="create a token and print its secret once")
        create.add_argument("--user", required=True, help="username")
        create.add_argument("--org", help="liaison organization slug (default: the user's "
                                          "first)")
        create.add_argument("--name", default="command line", help="what the token is for")
        listing = verbs.add_parser("list", help="a user's tokens")
        listing.add_argument("--user", required=True)
        listing.add_argument("--org")
        revoke = verbs.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("id", type=int)

    def handle(self, *args, what: str, verb: str, **options) -> None:
        getattr(self, f"_{verb}")(**options)

    def _user(self, username: str):
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user {username!r}") from exc

    def _org(self, user, slug: str | None) -> LiaisonOrganization:
        orgs = LiaisonOrganization.objects.order_by("pk")
        if not user.is_superuser:
            orgs = orgs.filter(memberships__user=user).distinct()
        org = orgs.filter(slug=slug).first() if slug else orgs.first()
        if org is None:
            raise CommandError(f"{user.get_username()} is not a member of "
                               f"{slug or 'any liaison organization'}")
        return org

    def _create(self, *, user: str, org: str | None, name: str, **_) -> None:
        owner = self._user(user)
        try:
            token, secret = services.api_token_create(
                actor=None, user=owner, liaison_org=self._org(owner, org), name=name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(f"Token {token.pk} “{token.name}” for {owner.get_username()} in "
                          f"{token.liaison_org.slug}; the secret is shown only now:")
        self.stdout.write(secret)

    def _list(self, *, user: str, org: str | None, **_) -> None:
        owner = self._user(user)
        for token in selectors.tokens_of(owner, self._org(owner, org)):
            state = "active" if token.active else f"revoked {token.revoked_at:%Y-%m-%d %H:%M}"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(f"{token.pk}\t{token.prefix}…\t{token.name}\tlast used {used}"
                              f"\t{state}")

    def _revoke(self, *, id: int, **_) -> None:
        token = ApiToken.objects.filter(pk=id).first()
        if token is None:
            raise CommandError(f"no token {id}")
        services.api_token_revoke(actor=None, token=token)
        self.stdout.write(f"Token {id} “{token.name}” is revoked.")
