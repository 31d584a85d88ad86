-- Ground-terminal (site) tables: encrypted key material and the ETSI GS QKD 014 key allocations.
-- The same SQL runs on PostgreSQL 17 and on H2 in MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE.
-- Key bits exist only as AES-GCM ciphertext in terminal_key_segment; every other column is metadata.

-- One store per site: 'sat:<satelliteId>' (a satellite payload) or 'gt:<terminalId>' (a ground terminal).
-- Each store has its own AES-256 data key, kept wrapped (AES-GCM) under the key-encryption key.
create table terminal_store (
    store_id        varchar(110) primary key,
    kek_id          varchar(32)  not null, -- which key-encryption key wrapped the data key
    dek_nonce       bytea        not null,
    wrapped_dek     bytea        not null,
    created_at      timestamp with time zone not null
);

-- A key object of a store: a key block (from one contact) or a pair key (from one combination).
-- Its row is also the lock that serialises all changes to the object's segments.
create table terminal_key_object (
    store_id    varchar(110) not null references terminal_store (store_id),
    object_id   uuid         not null,
    kind        varchar(16)  not null, -- BLOCK or PAIR_KEY
    length_bits bigint       not null, -- as created
    live_bits   bigint       not null, -- still stored (not yet consumed, delivered or discarded)
    created_at  timestamp with time zone not null,
    primary key (store_id, object_id)
);

-- The live bits of an object as disjoint segments [offset_bits, offset_bits + length_bits), each sealed with
-- AES-GCM under the store's data key (additional data: store, object, offset, length). Erasing bits deletes the
-- segment and writes back what is left as new segments with fresh nonces.
create table terminal_key_segment (
    store_id    varchar(110) not null,
    object_id   uuid         not null,
    offset_bits bigint       not null,
    length_bits bigint       not null,
    nonce       bytea        not null,
    ciphertext  bytea        not null,
    primary key (store_id, object_id, offset_bits),
    foreign key (store_id, object_id) references terminal_key_object (store_id, object_id)
);

-- Contacts flown by the emulated link: the result returned again when the same contact is flown again.
create table terminal_contact (
    contact_id   uuid primary key,
    satellite_id varchar(100) not null,
    terminal_id  varchar(100) not null,
    clear_sky    boolean      not null,
    block_id     uuid,
    bits         bigint       not null,
    qber         double precision, -- null when nothing was measured
    completed_at timestamp with time zone not null
);

-- Combination instructions executed (idempotency).
create table terminal_combination (
    instruction_id uuid primary key,
    pair_key_id    uuid not null unique,
    executed_at    timestamp with time zone not null
);

-- Pair keys the KMEs may hand out; allocated_bits is the cursor of bits already carved into ETSI keys.
create table terminal_pair_key (
    pair_key_id    uuid primary key,
    satellite_id   varchar(100) not null,
    terminal_a     varchar(100) not null,
    terminal_b     varchar(100) not null,
    length_bits    bigint       not null,
    allocated_bits bigint       not null,
    created_at     timestamp with time zone not null
);
create index terminal_pair_key_pair on terminal_pair_key (terminal_a, terminal_b, created_at);

-- ETSI GS QKD 014 keys: key_ID -> bits [offset_bits, offset_bits + size_bits) of a pair key.
create table terminal_key_allocation (
    key_id              uuid primary key,
    pair_key_id         uuid         not null references terminal_pair_key (pair_key_id),
    offset_bits         bigint       not null,
    size_bits           bigint       not null,
    master_terminal     varchar(100) not null,
    slave_terminal      varchar(100) not null,
    master_sae          varchar(100) not null,
    created_at          timestamp with time zone not null,
    master_delivered_at timestamp with time zone not null
);

-- The slave SAEs of a key (the one named at enc_keys time and any additional ones); the slave terminal's copy is
-- erased when the last of them has fetched it.
create table terminal_key_slave (
    key_id       uuid         not null references terminal_key_allocation (key_id),
    sae_id       varchar(100) not null,
    delivered_at timestamp with time zone,
    primary key (key_id, sae_id)
);

-- Deliveries to report to the ledger (outbox: written with the delivery, reported after commit).
create table terminal_delivery_report (
    report_id    uuid primary key,
    pair_key_id  uuid         not null,
    terminal_id  varchar(100) not null,
    sae_id       varchar(100) not null,
    bits         bigint       not null,
    delivered_at timestamp with time zone not null,
    reported_at  timestamp with time zone
);
create index terminal_delivery_report_pending on terminal_delivery_report (reported_at);
