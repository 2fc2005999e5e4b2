"""Is a hidden suite strong enough to grade with? See :mod:`autograder.audit.run`."""

from autograder.audit.run import AuditRow, audit, format_table

__all__ = ["AuditRow", "audit", "format_table"]
