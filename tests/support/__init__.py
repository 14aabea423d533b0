"""Helpers the tests share: workbooks, crafted waves, stores and command runs."""
