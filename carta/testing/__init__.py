"""What carta is tried against offline: the fixture sites (`carta.testing.sites`), local stand-ins
for the six ministries' sites in their real structure, with text written for carta.

It lives in the package rather than in `tests/` because the tests, the benchmark and anyone
trying carta without internet serve the same sites; it is never imported by the stages.
"""
