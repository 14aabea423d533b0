"""Storage: the tables, the store, writing submissions, the all-or-nothing importer and the migrations."""
