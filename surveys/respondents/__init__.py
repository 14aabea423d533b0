"""Who answered: member states, observers and Secretariat units by name, regional groups, Council
seats, contributors, declared groups."""
