"""The Fundbüro (lost and found) expert: search for lost items, report finds, legal FAQ."""
