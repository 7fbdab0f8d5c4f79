"""Loading content files (YAML) into typed, validated models with source locations."""
