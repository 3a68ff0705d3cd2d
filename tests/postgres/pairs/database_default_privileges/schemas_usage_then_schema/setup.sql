CREATE ROLE ddp_reader;
CREATE ROLE ddp_writer;
CREATE ROLE ddp_owner;
