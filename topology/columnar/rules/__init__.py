"""The rule catalogue as set-wise queries, one module per family (as :mod:`topology.rules`);
importing a family registers its queries."""

from . import advice, caps, changes, enterprise, integrity, messaging, officials, personal  # noqa: F401
from .base import QUERIES, STANDARD

__all__ = ["QUERIES", "STANDARD"]
