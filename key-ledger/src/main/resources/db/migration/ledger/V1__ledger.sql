-- Key ledger: the QKD controller's books. Metadata only: ids, offsets and lengths, never key bits.
-- The same SQL runs on PostgreSQL 17 and on H2 in MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE.

-- What the plan wants: pair key per terminal pair over the horizon.
create table ledger_demand (
    pair_id        varchar(201) primary key,
    terminal_a     varchar(100) not null,
    terminal_b     varchar(100) not null,
    requested_bits bigint       not null,
    priority       double precision not null
);

-- Planned contacts and, once flown, their outcome.
create table ledger_contact (
    contact_id             uuid primary key,
    satellite_id           varchar(100) not null,
    terminal_id            varchar(100) not null,
    aos                    timestamp with time zone not null,
    los                    timestamp with time zone not null,
    forecast_bits_if_clear bigint not null,
    p_clear                double precision not null,
    forecast_qber          double precision not null,
    expected_bits          bigint not null,
    state                  varchar(16) not null, -- PLANNED, EXECUTED, CANCELLED
    clear_sky              boolean,
    block_id               uuid,
    result_bits            bigint,
    qber                   double precision,     -- null when nothing was measured
    completed_at           timestamp with time zone
);
create index ledger_contact_due on ledger_contact (state, los);

-- The plan's intended split of a contact's key among pairs (Contact.allocationBits).
create table ledger_contact_allocation (
    contact_id uuid         not null references ledger_contact (contact_id),
    pair_id    varchar(201) not null,
    bits       bigint       not null,
    primary key (contact_id, pair_id)
);

-- Per satellite-terminal link counters: generated = available + reserved + consumed + discarded.
create table ledger_link (
    satellite_id   varchar(100) not null,
    terminal_id    varchar(100) not null,
    generated_bits bigint  not null,
    available_bits bigint  not null,
    reserved_bits  bigint  not null,
    consumed_bits  bigint  not null,
    discarded_bits bigint  not null,
    low_stock      boolean not null,
    primary key (satellite_id, terminal_id)
);

-- Key blocks (K_sa of one contact): held by the satellite and by the terminal.
create table ledger_block (
    block_id     uuid primary key,
    contact_id   uuid         not null references ledger_contact (contact_id),
    satellite_id varchar(100) not null,
    terminal_id  varchar(100) not null,
    bits         bigint       not null,
    qber         double precision not null,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null
);
create index ledger_block_link on ledger_block (satellite_id, terminal_id, created_at);

-- Each block is partitioned into ranges; a range is AVAILABLE, RESERVED (by an issued instruction),
-- CONSUMED (by a done instruction) or DISCARDED (expired or over capacity; erased once the sites confirmed).
create table ledger_block_range (
    block_id       uuid    not null references ledger_block (block_id),
    offset_bits    bigint  not null,
    length_bits    bigint  not null,
    state          varchar(16) not null,
    earmark        varchar(201),  -- pair the plan meant these bits for (AVAILABLE only)
    instruction_id uuid,          -- RESERVED and CONSUMED
    discard_reason varchar(32),   -- DISCARDED
    erased         boolean not null,
    primary key (block_id, offset_bits)
);
create index ledger_range_state on ledger_block_range (state);

-- Combination instructions: ISSUED (ranges reserved, sent or to be re-sent) then DONE.
create table ledger_instruction (
    instruction_id uuid primary key,
    pair_key_id    uuid         not null unique,
    satellite_id   varchar(100) not null,
    terminal_a     varchar(100) not null,
    terminal_b     varchar(100) not null,
    block_a        uuid   not null references ledger_block (block_id),
    offset_a       bigint not null,
    block_b        uuid   not null references ledger_block (block_id),
    offset_b       bigint not null,
    length_bits    bigint not null,
    issued_at      timestamp with time zone not null,
    state          varchar(16) not null,
    done_at        timestamp with time zone
);
create index ledger_instruction_state on ledger_instruction (state);

create table ledger_pair_key (
    pair_key_id    uuid primary key,
    instruction_id uuid not null unique references ledger_instruction (instruction_id),
    terminal_a     varchar(100) not null,
    terminal_b     varchar(100) not null,
    satellite_id   varchar(100) not null,
    length_bits    bigint not null,
    created_at     timestamp with time zone not null
);
create index ledger_pair_key_pair on ledger_pair_key (terminal_a, terminal_b, created_at);

-- Hand-outs of pair-key bits to SAEs as the KMEs report them; the id is derived from the report (retries dedupe).
create table ledger_delivery (
    delivery_id  uuid primary key,
    pair_key_id  uuid not null references ledger_pair_key (pair_key_id),
    terminal_id  varchar(100) not null,
    sae_id       varchar(200) not null,
    bits         bigint not null,
    delivered_at timestamp with time zone not null
);
create index ledger_delivery_key on ledger_delivery (pair_key_id);

-- Hash-chained audit log: hash = SHA-256(prev_hash || canonical entry), written with the change it records.
create table ledger_audit (
    seq         bigint primary key,
    recorded_at timestamp with time zone not null,
    entry_type  varchar(64)  not null,
    subject     varchar(300) not null,
    payload     varchar      not null,
    prev_hash   char(64)     not null,
    hash        char(64)     not null
);

-- Transactional outbox (issue 6): one event per ledger change, committed with it; a relay publishes and marks sent.
create table ledger_outbox (
    event_id   uuid primary key,
    audit_seq  bigint       not null,
    event_type varchar(64)  not null,
    subject    varchar(300) not null,
    payload    varchar      not null,
    created_at timestamp with time zone not null,
    sent       boolean not null
);
create index ledger_outbox_unsent on ledger_outbox (sent, audit_seq);
