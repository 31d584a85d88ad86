-- Site bus failures kept for operators instead of blocking a terminal's stream for ever (docs/ground-terminal.md).

-- An outbox row Kafka refused for good (e.g. a record too large): not retried; failed_at and error say why.
alter table terminal_site_outbox add column failed_at timestamp with time zone;
alter table terminal_site_outbox add column error varchar(2000);

-- A received message that could not be applied (rejected as wrong, or still failing after the retries): the
-- stream goes on; the message is kept here with the reason.
create table terminal_site_parked (
    message_id  uuid,
    topic       varchar(100) not null,
    msg_key     varchar(100),
    payload     varchar      not null,
    error       varchar(2000) not null,
    attempts    integer      not null,
    parked_at   timestamp with time zone not null
);
