CREATE TABLE public.measurements (at date NOT NULL, value numeric) PARTITION BY RANGE (at);
CREATE TABLE public.measurements_2024 PARTITION OF public.measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.parent (id integer);
CREATE TABLE public.child (extra text) INHERITS (public.parent);
