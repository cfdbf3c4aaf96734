"""Adapters to the outside world: files, the network, the database, the typesetter."""
