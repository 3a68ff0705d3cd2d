"""reconcile: keep PostgreSQL, Redis, InfluxDB, Elasticsearch and Kafka in their declared state."""

__version__ = "0.1.0"
