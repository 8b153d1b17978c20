"""Which consensus rule governs a consultation.

The process app's published rule (``liaison.process.selectors.rule_for_consultation``) with
the project's required interest categories; when no process was published (or the process
app is absent), :class:`liaison.core.rules.ConsensusRule` defaults under the version label
``"default"``.
"""

from __future__ import annotations

from liaison.core.rules import ConsensusRule

DEFAULT_LABEL = "default"


def required_groups(consultation) -> frozenset[str]:
    """Codes of the interest categories the project declares as required."""
    from liaison.projects.models import DeclaredGroup

    return frozenset(DeclaredGroup.objects.filter(
        project_id=consultation.project_id, kind=DeclaredGroup.Kind.REQUIRED)
        .values_list("category__code", flat=True))


def rule_for(consultation) -> ConsensusRule:
    """The rule in force for ``consultation`` (see the module docstring)."""
    groups = required_groups(consultation)
    try:
        from liaison.process.selectors import rule_for_consultation
    except ImportError:  # the process app is not installed
        rule_for_consultation = None
    if rule_for_consultation is not None:
        rule = rule_for_consultation(consultation, groups)
        if rule is not None:
            return rule
    return ConsensusRule(version=DEFAULT_LABEL, required_groups=groups)
