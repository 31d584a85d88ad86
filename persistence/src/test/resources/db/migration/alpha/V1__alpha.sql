create table alpha_item (id bigint primary key, name varchar(40) not null);
