"""Work that may have to be killed runs in child processes: the query workers (pool, worker)."""
