create table beta_item (id bigint primary key, alpha_id bigint not null);
