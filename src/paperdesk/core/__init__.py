"""The pure domain: readings, arXiv ids, the course, reviews and the batch rules.

Nothing here does I/O or imports a framework; a test keeps it so.
"""
