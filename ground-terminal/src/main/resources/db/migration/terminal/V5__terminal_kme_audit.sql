-- The KMEs' hash-chained log of key hand-outs (KmeAuditLog): one chain per terminal pair ("A|B", A < B), an entry
-- per ETSI key allocated (with its place, master and slaves) and per delivery to a slave SAE, written in the
-- hand-out's own transaction. 'keyfleet audit verify' recomputes the chains and checks them against the rows of
-- terminal_key_allocation and terminal_key_slave, so a deleted or altered allocation or delivery mark is detected.
create table terminal_kme_audit (
    chain_id   varchar(201) not null,
    seq        bigint       not null,
    entry_type varchar(20)  not null,
    key_id     uuid         not null,
    payload    varchar(4000) not null,
    prev_hash  char(64)     not null,
    hash       char(64)     not null,
    primary key (chain_id, seq)
);

-- The last entry of each chain; locked by each hand-out that appends, so entries of a pair are written in order.
-- It also names the chain's length, so entries cut from the end of a chain are detected.
create table terminal_kme_audit_head (
    chain_id varchar(201) primary key,
    seq      bigint       not null,
    hash     char(64)     not null
);
