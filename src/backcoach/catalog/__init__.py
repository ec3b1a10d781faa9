"""The video catalogue: import, understanding (tags from the knowledge base's vocabulary) and search."""
