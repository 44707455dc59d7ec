//! The one integration-test binary: end-to-end tests through the real `pressbox` binary and
//! library, each in a fresh temporary directory.

mod backfill;
mod cli;
mod faults;
mod habits;
mod matches;
mod named;
mod shards;
mod support;
mod verify;
mod watch;
mod web;
