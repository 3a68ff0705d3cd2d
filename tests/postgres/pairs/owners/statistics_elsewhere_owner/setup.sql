CREATE ROLE own_alice;
CREATE ROLE own_bob;
