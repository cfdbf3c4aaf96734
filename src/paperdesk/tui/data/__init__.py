"""What the screens show, computed without Textual: the desk's rows, the filter, the week's plan."""
