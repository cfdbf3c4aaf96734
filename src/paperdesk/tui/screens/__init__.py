"""The app's screens: the desk, the review editor, this week, and the help."""
