"""Fuzz harness for the loaders of :mod:`penalties.io` (see ``fuzz/README.md``)."""
