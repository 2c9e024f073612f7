"""The base layer: small helpers every other layer may use (atomic writes, page ranges, text normalisation,
importing user code by path). Nothing here imports another part of errata except :mod:`errata.errors`."""
