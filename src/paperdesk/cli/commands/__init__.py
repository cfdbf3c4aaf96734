"""One module a command group; each has ``register(subparsers)`` and imports lazily."""
