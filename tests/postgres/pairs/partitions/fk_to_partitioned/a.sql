CREATE TABLE unrelated (id int);
