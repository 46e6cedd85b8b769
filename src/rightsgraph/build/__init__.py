"""The build: project files in, a release out.

    load (loading) → validate (fastshacl; validation = the pyshacl reference) → reason (reasoning,
    fastreason) → check (checks) → compile and publish the release (pipeline)

``build()`` runs the steps; ``current_build`` and ``read_manifest`` find and read the release the
service serves. Nothing after the build reads the project's source tree.
"""

from .pipeline import BuildReport, build, current_build, ensure_build, read_manifest

__all__ = ["BuildReport", "build", "current_build", "ensure_build", "read_manifest"]
