alter table alpha_item add column note varchar(80);
