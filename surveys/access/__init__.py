"""Who may do what: accounts and sign-ins, the settings the secretariat changes, and how each
wave treats names (the audit log they write is kept in storage)."""
