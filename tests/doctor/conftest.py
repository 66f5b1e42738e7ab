"""Fixtures of this package: the scripted HTTP server."""

from tests.scripted_server import server

__all__ = ["server"]
