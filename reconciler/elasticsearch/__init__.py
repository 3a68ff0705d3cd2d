"""Elasticsearch backend: indices, templates, pipelines and ILM policies (state/elasticsearch.yaml)."""
