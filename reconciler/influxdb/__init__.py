"""The InfluxDB 2 backend: organization, buckets and bucket-scoped authorizations."""
