"""SPARQL text from outside: screened (guard), named queries with typed parameters (named), and the
parsed-algebra cache rdflib uses (sparqlcache)."""
