//! `bench/faults`: the fault battery (see `battery.rs`), printed as a table; exits 1 when any
//! trial failed.
//!
//!   bench/faults [--short | --long] [--seed N] [--work DIR] [--only disk,kill,writer,corruption,long,serve] [--clients N]
//!
//! `--short` (the default): every N of the disk-full sweep, 10 kill points, 3 second writers,
//! 2 flipped bytes per file kind, 1-2 MB articles and a 100 MB line. `--long`: 200 kill points,
//! 10 flips per file kind, 1-8 MB articles, and the server under 64 clients for 30 s while
//! another process commits every 3 s. The same seed gives the same inputs, the same sweep and
//! the same kill delays (where a delay lands in a run still depends on the machine's speed).

#[path = "battery.rs"]
mod battery;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut long = false;
    let mut seed = 16u64;
    let mut work: Option<PathBuf> = None;
    let mut only: Option<Vec<String>> = None;
    let mut clients = 64usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--short" => long = false,
            "--long" => long = true,
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage("--seed takes a number"),
            },
            "--only" => match args.next() {
                Some(list) => only = Some(list.split(',').map(str::to_string).collect::<Vec<_>>()),
                None => return usage("--only takes a list: disk,kill,writer,corruption,long,serve"),
            },
            "--clients" => match args.next().and_then(|s| s.parse().ok()) {
                Some(n) => clients = n,
                None => return usage("--clients takes a number"),
            },
            "--work" => match args.next() {
                Some(d) => work = Some(PathBuf::from(d)),
                None => return usage("--work takes a directory"),
            },
            // What `cargo bench` passes to every bench binary.
            "--bench" => {}
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    let temp = battery::work_dir();
    let work = work.unwrap_or_else(|| temp.path().to_path_buf());
    let part = |name: &str| {
        let d = work.join(name);
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("a work directory");
        d
    };
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    eprintln!(
        "bench/faults: {} form, seed {seed}, {profile} build, work in {}",
        if long { "long" } else { "short" },
        work.display()
    );
    let mut rows = Vec::new();
    let started = std::time::Instant::now();
    let mut step = |row: battery::Row| {
        eprintln!(
            "  {}: {} trials, {} failures ({:.0} s so far)",
            row.fault,
            row.trials,
            row.failures.len(),
            started.elapsed().as_secs_f64()
        );
        rows.push(row);
    };
    let wanted = |name: &str| only.as_ref().is_none_or(|o| o.iter().any(|x| x == name));
    if wanted("disk") {
        step(battery::disk_full_sweep(&part("disk-full"), seed, 1));
    }
    if wanted("kill") {
        step(battery::kill_points(&part("kill"), seed, if long { 200 } else { 10 }));
    }
    if wanted("writer") {
        step(battery::second_writer(&part("second-writer"), seed, 3));
    }
    if wanted("corruption") {
        step(battery::corruption(&part("corruption"), seed, if long { 10 } else { 2 }));
    }
    if wanted("long") {
        step(battery::long_inputs(&part("long"), seed, if long { 8 } else { 2 }, 100));
    }
    if long && wanted("serve") {
        step(battery::server_load(&part("serve"), seed, 3000, clients, 30, 3));
    }
    println!(
        "bench/faults: {} form, seed {seed}, {profile} build, {:.0} s",
        if long { "long" } else { "short" },
        started.elapsed().as_secs_f64()
    );
    println!();
    let _ = battery::print_table(&rows, &mut std::io::stdout());
    if rows.iter().all(|r| r.failures.is_empty()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn usage(why: &str) -> ExitCode {
    eprintln!("bench/faults: {why}\nusage: bench/faults [--short | --long] [--seed N] [--work DIR] [--only disk,kill,writer,corruption,long,serve] [--clients N]");
    ExitCode::from(2)
}
