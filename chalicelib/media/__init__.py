"""Product photos: checking uploads and making renditions."""
