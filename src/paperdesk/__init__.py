"""paperdesk: a terminal desk for a seminar's reading list and its paper reviews."""

__version__ = "0.1.0"
