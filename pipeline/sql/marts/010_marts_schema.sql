-- The marts schema; the population marts (010–099) run first, the indicator marts (100+) read them.
create schema if not exists marts
