"""Log records kept in the store."""
