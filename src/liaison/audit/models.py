"""The audit trail: append-only events, each hash-linked to the one before.

Rows are never updated or deleted through the ORM (save on an existing row, delete and bulk
update/delete raise :class:`AppendOnlyError`). Tampering below the ORM is caught by
``liaison audit verify``: see :mod:`liaison.core.hashchain`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.hashchain import Link


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time (UTC)"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=200)
    liaison_org = models.ForeignKey(
        "registry.LiaisonOrganization", null=True, blank=True, on_delete=models.PROTECT,
        related_name="audit_events",
    )
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    summary = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The seal: HMAC-SHA-256 of ``hash`` under the audit key named by ``key_id`` (held
    # outside the database). Both empty on events recorded before a key was configured.
    # See liaison.core.hashchain.
    key_id = models.CharField(_("audit key"), max_length=16, blank=True, default="")
    mac = models.CharField(_("seal"), max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb}: {self.summary}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")

    def payload(self) -> dict:
        """The fields the hash covers, in a stable, JSON-ready form (``key_id`` only on keyed
        events, so the payload of an event recorded before keying is unchanged)."""
        payload = {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "actor": self.actor_label,
            "liaison_org_id": self.liaison_org_id,
            "verb": self.verb,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "summary": self.summary,
            "data": self.data,
        }
        if self.key_id:
            payload["key_id"] = self.key_id
        return payload

    def link(self) -> Link:
        return Link(seq=self.seq, prev_hash=self.prev_hash, hash=self.hash,
                    payload=self.payload(), mac=self.mac)


class AuditHead(models.Model):
    """The chain's anchor: how many events there are and the last hash.

    Writers lock this one row (``SELECT … FOR UPDATE``) so events are chained one at a time.
    """

    count = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.count} events, head {self.last_hash}"


class PublishedHead(models.Model):
    """The chain's head as stated and signed for one day (:mod:`liaison.core.heads`).

    Shown on the public page and feed so that copies are kept outside the database; the copy
    here is only the one the site serves (rewriting it does not change the copies others
    keep, nor can it be re-signed without the signing key).
    """

    date = models.DateField(_("date"), unique=True)
    count = models.PositiveBigIntegerField(_("events"))
    head = models.CharField(_("head"), max_length=64)
    document = models.JSONField(_("signed statement"))
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("published chain head")

    def __str__(self) -> str:
        return f"{self.date}: {self.count} events, head {self.head}"
