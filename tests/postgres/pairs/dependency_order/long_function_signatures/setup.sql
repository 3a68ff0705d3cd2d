CREATE ROLE long_sig_reader;
CREATE ROLE long_sig_owner;
