"""Download backends behind one small interface: search → candidates, fetch → file, status, cancel."""
