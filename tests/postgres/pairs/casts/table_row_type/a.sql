CREATE TABLE unrelated (id integer);
