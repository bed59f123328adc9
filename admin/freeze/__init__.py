"""``gongshi build``: freeze ``content/`` into a checked, searchable static site, atomically.

The steps are in :mod:`admin.freeze.pipeline`; each module holds one of them.
"""
