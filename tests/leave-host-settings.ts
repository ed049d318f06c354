/**
 * Preloaded by `bun test` (bunfig.toml): every `jopi-rewrite serve` a test starts inherits
 * JOPI_REWRITE_NO_TCP_MIGRATE=1 and leaves net.ipv4.tcp_migrate_req alone, so that a test run as
 * root never changes the machine's kernel settings. The tests of that setting run the supervisor in
 * a network namespace of its own, without this variable.
 */
process.env.JOPI_REWRITE_NO_TCP_MIGRATE = "1";
