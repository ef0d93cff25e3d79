"""viz: draws what it is given (subgraphs, analysis results); it never queries a database.

Every page works on an intranet without internet: JavaScript and CSS are inlined or served
by the API itself, never fetched from a CDN.
"""
