"""The instrument: what was asked (XLSForm in and out, names and references, the shipped default)."""
