"""rightsgraph: a knowledge graph of human-rights and migration law, built from sourced reports."""

__version__ = "0.1.0"
