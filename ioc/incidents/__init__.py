"""Incidents: the two handling procedures of the regulation (Điều 7) and their life cycle."""
