"""Views of the customers app, one module per page family."""
