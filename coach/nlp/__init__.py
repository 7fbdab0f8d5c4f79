"""The spaCy side of coach: pipeline components, pipeline assembly, detection."""
