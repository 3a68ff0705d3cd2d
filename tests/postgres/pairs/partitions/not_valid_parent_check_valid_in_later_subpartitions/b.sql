-- A sub-partitioned partition created after the NOT VALID check: its copy is valid, and so its own
-- partition's copy is one of a valid check (not listed); the partition there before is validated by the plan.
CREATE TABLE m (id int, site text, at date, v int) PARTITION BY LIST (site);
ALTER TABLE m ADD CONSTRAINT m_v CHECK (v > 0) NOT VALID;
CREATE TABLE m_n PARTITION OF m FOR VALUES IN ('n') PARTITION BY RANGE (at);
CREATE TABLE m_n_2024 PARTITION OF m_n FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE m_s PARTITION OF m FOR VALUES IN ('s');
