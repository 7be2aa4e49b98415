"""readiness: an integration-readiness self-assessment for GP practices in England."""

__version__ = "0.1.0"
