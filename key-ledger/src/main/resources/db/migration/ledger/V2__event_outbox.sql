-- Issue 6: the outbox carries the published CloudEvents (docs/events.md), demands carry what at-risk detection needs.
-- The same SQL runs on PostgreSQL 17 and on H2 in MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE.

-- Rows written before this version used the internal audit entry types and payloads; no relay existed, so none was
-- ever published, and every one of them is also in the audit log (ledger_audit). They match no published schema, so
-- they are dropped rather than published in a format consumers do not know.
delete from ledger_outbox;

-- event_type: the CloudEvents type (org.keyfleet.ledger.<entity>.<event>.v<N>); subject: the CloudEvents subject
-- (the entity's id); payload: the CloudEvents data (JSON); created_at: the CloudEvents time.
-- partition_key: the Kafka record key and the CloudEvents partitionkey extension (a terminal id or a pair "A|B").
alter table ledger_outbox add column partition_key varchar(300) not null default '';
alter table ledger_outbox alter column partition_key drop default;
alter table ledger_outbox alter column event_type set data type varchar(100);
-- when the relay had the broker's acknowledgement (wall clock); null while unsent
alter table ledger_outbox add column sent_at timestamp with time zone;

-- Demand at risk: the horizon the requested bits are due over, and whether an alert is raised.
alter table ledger_demand add column horizon_start timestamp with time zone;
alter table ledger_demand add column horizon_end timestamp with time zone;
alter table ledger_demand add column at_risk boolean not null default false;
