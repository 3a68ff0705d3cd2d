CREATE SCHEMA appstore;
CREATE SCHEMA tenant;
CREATE TABLE appstore.installs (id uuid PRIMARY KEY, cluster_id uuid NOT NULL);
CREATE TABLE tenant.clusters (id uuid PRIMARY KEY, organization_id uuid NOT NULL);
ALTER TABLE appstore.installs ENABLE ROW LEVEL SECURITY;
CREATE POLICY install_organization_policy ON appstore.installs AS PERMISSIVE FOR ALL TO PUBLIC
    USING (EXISTS (SELECT 1 FROM tenant.clusters
                   WHERE clusters.id = installs.cluster_id
                     AND clusters.organization_id = current_setting('app.current_organization_id')::uuid));
