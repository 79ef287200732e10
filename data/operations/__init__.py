"""What acts on the database as a whole: backup and restore, integrity, the demo."""
