-- The application's own table (Flyway history flyway_history_app): where the digital twin stands, so that a
-- restart on the same database continues where it stopped. Same SQL on H2 (PostgreSQL mode) and PostgreSQL 17.
create table app_twin (
    twin_id         varchar(16)   primary key,  -- 'twin': one twin per database
    scenario_name   varchar(200)  not null,
    scenario_source varchar(1000) not null,     -- shipped name or absolute YAML path
    scenario_sha256 varchar(64)   not null,     -- of the YAML text; another text on the same database is refused
    run_id          bigint,                     -- planner run of the plan the ledger runs; null until scheduled
    plan_id         bigint,
    simulated_at    timestamp with time zone,   -- simulated time reached; null before the twin first ran
    updated_at      timestamp with time zone not null
);
