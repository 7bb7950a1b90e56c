"""Drawing for social posts (the image card), with Qt so Arabic is shaped."""
