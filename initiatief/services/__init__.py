"""Domain operations. They add and flush; the caller (a view or a job) commits once."""
