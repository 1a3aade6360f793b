"""The workflows: building the graph's outputs, and curating sources into it.

``build`` loads, validates and writes the build outputs; ``curate`` ingests documents,
refreshes proposals and accepts a reviewed sheet; ``review`` serves the sheet as a page.
They stand on the facade (:mod:`spacegraph.graph`) and the services, never the other way.
"""
