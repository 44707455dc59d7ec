//! The fault battery's short form (benches/faults/battery.rs, run in full by `bench/faults`):
//! the disk filling up at every write of a small indexing run, kill -9 at 10 points of an
//! indexing run, and a second writer. Each must end with zero failed trials.

#[path = "../../benches/faults/battery.rs"]
mod battery;

fn assert_clean(row: battery::Row) {
    let mut table = Vec::new();
    battery::print_table(std::slice::from_ref(&row), &mut table).unwrap();
    let table = String::from_utf8_lossy(&table);
    eprintln!("{table}");
    assert!(row.trials > 0, "{table}");
    assert!(row.failures.is_empty(), "{table}");
}

#[test]
fn disk_full_at_every_write_keeps_the_last_commit_and_a_rerun_succeeds() {
    let work = battery::work_dir();
    assert_clean(battery::disk_full_sweep(work.path(), 16, 1));
}

#[test]
fn kill_9_during_indexing_keeps_a_commit_and_a_rerun_stores_each_article_once() {
    let work = battery::work_dir();
    assert_clean(battery::kill_points(work.path(), 16, 10));
}

#[test]
fn a_second_writer_is_refused_at_once_and_changes_nothing() {
    let work = battery::work_dir();
    assert_clean(battery::second_writer(work.path(), 16, 2));
}
