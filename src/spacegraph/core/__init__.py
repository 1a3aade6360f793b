"""The core: what every other layer stands on.

Paths and prefixes, terms and the model, parsing files into a store, the built store and
its derived rows, the bulk reader of facts, atomic writes, and what every local HTTP server
does first. The core imports nothing from the layers above it (``tests/test_architecture.py``).
"""
