-- H2 (2.3.232) plans an UPDATE or DELETE with the first-created of two indexes it costs alike (H2 issue #4161,
-- fixed after that release). V1 declared the foreign keys inline, so their indexes were created before the primary
-- keys', and every update of an object row used the index on store_id alone - a scan of the whole store, which grows
-- with every block and pair key - and every update or delete of a segment scanned all segments of its object.
-- Recreate both tables with the primary key declared before the foreign key (the same SQL runs on PostgreSQL, whose
-- plans do not depend on it; there it only copies the rows).
create table terminal_key_object_v2 (
    store_id    varchar(110) not null,
    object_id   uuid         not null,
    kind        varchar(16)  not null, -- BLOCK or PAIR_KEY
    length_bits bigint       not null, -- as created
    live_bits   bigint       not null, -- still stored (not yet consumed, delivered or discarded)
    created_at  timestamp with time zone not null,
    primary key (store_id, object_id),
    foreign key (store_id) references terminal_store (store_id)
);
insert into terminal_key_object_v2 (store_id, object_id, kind, length_bits, live_bits, created_at)
    select store_id, object_id, kind, length_bits, live_bits, created_at from terminal_key_object;

create table terminal_key_segment_v2 (
    store_id    varchar(110) not null,
    object_id   uuid         not null,
    offset_bits bigint       not null,
    length_bits bigint       not null,
    nonce       bytea        not null,
    ciphertext  bytea        not null,
    primary key (store_id, object_id, offset_bits),
    foreign key (store_id, object_id) references terminal_key_object_v2 (store_id, object_id)
);
insert into terminal_key_segment_v2 (store_id, object_id, offset_bits, length_bits, nonce, ciphertext)
    select store_id, object_id, offset_bits, length_bits, nonce, ciphertext from terminal_key_segment;

drop table terminal_key_segment;
drop table terminal_key_object;
alter table terminal_key_object_v2 rename to terminal_key_object;
alter table terminal_key_segment_v2 rename to terminal_key_segment;
