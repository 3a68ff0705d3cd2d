"""Kafka backend: topics, their configs and partitions, and ACL bindings (state/kafka.yaml)."""
